package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates directories below a restore target, refusing any existing path component that is not a
 * real directory (a symlink in particular): nothing a restore writes can land outside the target.
 * Snapshot symlinks are created only after every file, so they cannot redirect writes either.
 * Remembers what it checked, so each directory is checked once. Not thread-safe: used by the thread
 * driving the restore.
 */
final class RestoreDirs {
    private final Path root;
    private final Set<String> known = new HashSet<>();
    private final Set<String> created = new HashSet<>();

    RestoreDirs(Path root) {
        this.root = root;
    }

    /** The directory for {@code rel} ("" is the target itself), created if needed. */
    Path ensure(String rel) throws IOException {
        Path dir = rel.isEmpty() ? root : root.resolve(rel);
        if (rel.isEmpty() || known.contains(rel)) {
            return dir;
        }
        int slash = rel.lastIndexOf('/');
        ensure(slash < 0 ? "" : rel.substring(0, slash));
        try {
            Files.createDirectory(dir);
            created.add(rel);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw BackupException.invalid("cannot restore into " + dir + ": it exists and is not a directory"
                        + (Files.isSymbolicLink(dir) ? " but a symlink" : ""));
            }
        }
        known.add(rel);
        return dir;
    }

    /** True when this restore created the directory {@code rel}, false when it was there before. */
    boolean created(String rel) {
        return created.contains(rel);
    }

    /** The directory that will hold {@code rel}, created if needed. */
    Path ensureParentOf(String rel) throws IOException {
        int slash = rel.lastIndexOf('/');
        return ensure(slash < 0 ? "" : rel.substring(0, slash));
    }
}
