package io.backupd.ctl.db;

import io.backupd.common.error.BackupException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder a database copy goes into, checked before anything is copied: an absolute path
 * without {@code ..} segments, a directory (made if missing) that this process can write. Each
 * refusal is INVALID_ARGUMENT naming the dir: the operator's input names a place this controller
 * cannot use, and the same request cannot succeed until another dir is named or the place is
 * fixed; nothing is left behind. Used by one thread.
 */
final class CopyDestination {
    private final Path dir;
    private final List<Path> created; // the folders this made, outermost first

    private CopyDestination(Path dir, List<Path> created) {
        this.dir = dir;
        this.created = created;
    }

    /** Checks {@code dir}, makes what is missing of it, and proves it writable with a probe file. */
    static CopyDestination prepare(Path dir, String fileName) {
        if (!dir.isAbsolute()) {
            throw BackupException.invalid("dir '" + dir + "' must be an absolute path");
        }
        for (Path segment : dir) {
            if (segment.toString().equals("..")) {
                // a '..' makes the copy land somewhere the operator did not spell out
                throw BackupException.invalid("dir '" + dir + "' has a '..' segment; name the directory plainly");
            }
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        CopyDestination destination = new CopyDestination(dir, missing);
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            destination.removeCreated();
            throw BackupException.invalid("dir " + dir + " exists and is not a directory");
        } catch (IOException e) {
            destination.removeCreated();
            throw BackupException.invalid("dir " + dir + " cannot be created (" + why(e) + "); name a directory this"
                    + " controller can write");
        }
        Path probe = dir.resolve("." + fileName + ".probe-" + System.nanoTime());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            destination.removeCreated();
            throw BackupException.invalid("dir " + dir + " cannot be written (" + why(e) + "); name a directory this"
                    + " controller can write");
        }
        return destination;
    }

    Path dir() {
        return dir;
    }

    /** Deletes the folders {@link #prepare} made, innermost first, as far as they are still empty. */
    void removeCreated() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return; // not empty or not ours to remove any more: its parents stay too
            }
        }
    }

    /** Makes a finished file's content durable before it gets its final name: the copy is the operator's backup. */
    static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes the names in this folder durable, once the copy has its final one. */
    void syncFolder() throws IOException {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
