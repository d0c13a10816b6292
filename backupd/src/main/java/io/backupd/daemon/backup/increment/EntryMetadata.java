package io.backupd.daemon.backup.increment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Applies an entry's owner, mode and mtime to a restored path, never following a symlink. Owners are
 * only set when running as root (elsewhere chown fails for others' ids), and skipped for 0:0, which a
 * root process creates anyway (a set-group-id directory in an existing target could differ); the
 * order is chown, chmod (chown clears set-id bits), then times. The atime is set to the mtime.
 */
final class EntryMetadata {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private EntryMetadata() {
    }

    static void apply(Path path, TreeEntry e) throws IOException {
        // root creates files as 0:0 already; other owners need the two lchown calls
        if (ROOT && (e.uid() != 0 || e.gid() != 0)) {
            Files.setAttribute(path, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (e.type() != EntryType.SYMLINK) {
            Files.setAttribute(path, "unix:mode", e.mode() & 07777, LinkOption.NOFOLLOW_LINKS);
        }
        applyTime(path, e);
    }

    /** The entry's mtime (and atime) alone: for a directory that was already there, whose owner and mode are not ours. */
    static void applyTime(Path path, TreeEntry e) throws IOException {
        FileTime mtime = FileTime.from(e.mtimeNanos(), TimeUnit.NANOSECONDS);
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, mtime, null); // an atime too, or the JDK stats the file to keep the old one
        } catch (IOException | UnsupportedOperationException ex) {
            if (e.type() != EntryType.SYMLINK) {
                throw ex; // a symlink's own time is best effort (not every system can set it)
            }
        }
    }
}
