package io.backupd.ctl.db;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The folder a database copy goes into, checked before anything is copied: a relative path
 * without {@code ..} segments under the folder the operator configured ({@code --backup-dir}),
 * still under it once symlinks are resolved, a directory (made if missing, mode 0700) that this
 * process can write. Each refusal is INVALID_ARGUMENT naming the dir: a caller of the API chooses
 * only where inside the operator's folder a copy lands, never a place outside it; nothing is left
 * behind. Used by one thread.
 */
final class CopyDestination {
    /** The copy holds every record and hook output: only the controller's user reads it. */
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE = PosixFilePermissions.asFileAttribute(PRIVATE);
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;
    private final List<Path> created; // the folders this made, outermost first

    private CopyDestination(Path dir, List<Path> created) {
        this.dir = dir;
        this.created = created;
    }

    /**
     * Checks {@code relative} against {@code root}, makes what is missing of it, and proves it
     * writable with a probe file. {@code root} itself is made (0700) when missing.
     */
    static CopyDestination prepare(Path root, Path relative, String fileName) {
        if (relative.isAbsolute()) {
            throw BackupException.invalid("dir '" + relative + "' must be a path inside the backup folder, not an absolute one");
        }
        for (Path segment : relative) {
            if (segment.toString().equals("..")) {
                throw BackupException.invalid("dir '" + relative + "' has a '..' segment; name a folder inside the backup folder");
            }
        }
        Path realRoot = realRoot(root);
        Path dir = realRoot.resolve(relative).normalize();
        List<Path> missing = new ArrayList<>();
        Path existing = dir;
        for (; existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS); existing = existing.getParent()) {
            missing.add(0, existing);
        }
        requireInside(realRoot, existing, relative);
        CopyDestination destination = new CopyDestination(dir, missing);
        try {
            Files.createDirectories(dir, PRIVATE_FOLDER);
            requireInside(realRoot, dir, relative);
        } catch (FileAlreadyExistsException e) {
            destination.removeCreated();
            throw BackupException.invalid("dir '" + relative + "' exists and is not a directory");
        } catch (IOException e) {
            destination.removeCreated();
            throw BackupException.invalid("dir '" + relative + "' cannot be created (" + why(e) + "); name a directory this"
                    + " controller can write");
        } catch (RuntimeException e) {
            destination.removeCreated();
            throw e;
        }
        Path probe = dir.resolve("." + fileName + ".probe-" + System.nanoTime());
        try {
            Files.createFile(probe, PRIVATE_FILE);
            Files.delete(probe);
        } catch (IOException e) {
            destination.removeCreated();
            throw BackupException.invalid("dir '" + relative + "' cannot be written (" + why(e) + "); name a directory this"
                    + " controller can write");
        }
        return destination;
    }

    private static Path realRoot(Path root) {
        try {
            return Files.createDirectories(root, PRIVATE_FOLDER).toRealPath();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "the backup folder " + root + " cannot be created or read (" + why(e)
                    + "); fix it or start with another --backup-dir", e);
        }
    }

    /** A symlink inside the backup folder may point out of it: the real path decides. */
    private static void requireInside(Path realRoot, Path path, Path relative) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw BackupException.invalid("dir '" + relative + "' cannot be resolved (" + why(e) + ")");
        }
        if (!real.startsWith(realRoot)) {
            throw BackupException.invalid("dir '" + relative + "' leads out of the backup folder (it resolves to " + real + ")");
        }
        if (!Files.isDirectory(real)) {
            throw BackupException.invalid("dir '" + relative + "' is not a directory (" + real + " is a file)");
        }
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
