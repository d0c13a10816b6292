package io.backupd.daemon.backup.restore;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Set;
import java.util.List;
import java.util.UUID;

/**
 * Puts single files into a live volume (selected-file and, later, incremental restores): written
 * to a temp name in the target directory, made durable, then renamed over the target, so a reader
 * sees the old file or the new one, never a partial one.
 *
 * <p>The live volume is writable by the app's containers, which could swap a directory for a
 * symlink at any moment. So the walk down to the target directory goes through directory handles
 * ({@link SecureDirectoryStream}: openat with O_NOFOLLOW per component) and the temp file,
 * its mode and time, and the rename are all relative to the final handle; a symlink anywhere on
 * the path is refused (INVALID_ARGUMENT), never followed. The one path-based step is creating a
 * missing parent directory (the JDK has no mkdirat); the handle opened right after it refuses a
 * symlink, so at worst an empty directory appears where a racing container pointed.
 *
 * <p>Thread-safe (no state). Not idempotent by itself, but placing the same content twice leaves
 * the same result. A crash can leave a {@code .backupd-place-*} temp file in the target directory.
 */
final class FilePlacer {
    private static final String TEMP_PREFIX = ".backupd-place-";

    PlacedFile place(Path volume, String relativePath, InputStream content, int mode, FileTime mtime) {
        List<String> parts;
        try {
            parts = EntryName.components(relativePath, 4096);
        } catch (Refusal r) {
            throw BackupException.invalid("path '" + EntryName.display(relativePath) + "': " + r.getMessage());
        }
        if (parts.isEmpty()) {
            throw BackupException.invalid("path '" + EntryName.display(relativePath) + "' names the volume itself");
        }
        VolumeSwap.checkVolume(volume);
        List<String> notes = new ArrayList<>();
        String special = Modes.specialBits(mode);
        if (!special.isEmpty()) {
            notes.add(String.format("'%s': %s bit stripped (mode %04o placed as %04o)",
                    EntryName.display(relativePath), special, mode & 07777, mode & Modes.PERMISSIONS));
        }
        try (DirectoryStream<Path> top = Files.newDirectoryStream(volume)) {
            if (!(top instanceof SecureDirectoryStream<Path> dir)) {
                throw new BackupException(ErrorCode.INTERNAL, "this platform has no secure directory streams; files are not placed");
            }
            long bytes = placeIn(dir, volume, parts, 0, content, mode & Modes.PERMISSIONS, mtime);
            return new PlacedFile(bytes, notes);
        } catch (Refusal r) {
            throw BackupException.invalid("path '" + EntryName.display(relativePath) + "': " + r.getMessage());
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot place '" + EntryName.display(relativePath)
                    + "' into " + volume + ": " + e, e);
        }
    }

    private long placeIn(SecureDirectoryStream<Path> dir, Path dirPath, List<String> parts, int index,
                         InputStream content, int mode, FileTime mtime) throws Refusal, IOException {
        Path name = Path.of(parts.get(index));
        String shown = EntryName.display(EntryName.join(parts.subList(0, index + 1)));
        BasicFileAttributes attrs = attributes(dir, name);
        if (index == parts.size() - 1) {
            if (attrs != null && attrs.isDirectory()) {
                throw new Refusal("'" + shown + "' is a directory in the volume");
            }
            return write(dir, dirPath, name, content, mode, mtime);
        }
        if (attrs == null) {
            try {
                Files.createDirectory(dirPath.resolve(name));
            } catch (java.nio.file.FileAlreadyExistsException ignored) {
                // created concurrently; the no-follow open below decides whether it is usable
            }
        } else if (!attrs.isDirectory()) {
            throw new Refusal("'" + shown + "' is " + (attrs.isSymbolicLink() ? "a symlink" : "a file") + " in the volume, not a directory");
        }
        SecureDirectoryStream<Path> sub;
        try {
            sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            throw new Refusal("'" + shown + "' is not a directory any more (" + e.getReason() + ")");
        }
        try (sub) {
            return placeIn(sub, dirPath.resolve(name), parts, index + 1, content, mode, mtime);
        }
    }

    private long write(SecureDirectoryStream<Path> dir, Path dirPath, Path name, InputStream content, int mode,
                       FileTime mtime) throws IOException {
        Path temp = Path.of(TEMP_PREFIX + UUID.randomUUID());
        boolean moved = false;
        try {
            long bytes;
            try (SeekableByteChannel channel = dir.newByteChannel(temp,
                    Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                SparseWriter out = new SparseWriter(channel);
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = readContent(content, buf)) >= 0) {
                    out.write(buf, 0, n);
                }
                bytes = out.finish();
                if (channel instanceof FileChannel file) {
                    file.force(true);
                }
            }
            dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(Modes.toPermissions(mode));
            dir.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, null, null);
            dir.move(temp, dir, name);
            moved = true;
            Fsync.directory(dirPath);
            return bytes;
        } finally {
            if (!moved) {
                try {
                    dir.deleteFile(temp);
                } catch (IOException ignored) {
                    // nothing was created, or it is gone already
                }
            }
        }
    }

    private static int readContent(InputStream content, byte[] buf) {
        try {
            return content.read(buf);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read the content to place: " + e, e);
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
