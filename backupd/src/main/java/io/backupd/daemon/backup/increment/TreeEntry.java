package io.backupd.daemon.backup.increment;

import java.util.List;

/**
 * One file, directory or symlink of a snapshot. {@code path} is relative to the backed-up directory,
 * slash-separated; {@code mode} holds the permission bits (07777); {@code mtimeNanos} is nanoseconds
 * since the epoch; {@code ctimeNanos} the inode change time likewise, or {@link #NO_CTIME} when the
 * record has none (written before ctime was recorded); {@code chunks} lists a file's content in order
 * (empty for an empty file, a directory or a symlink); {@code target} is a symlink's target, else null.
 */
record TreeEntry(String path, EntryType type, int mode, int uid, int gid, long mtimeNanos, long ctimeNanos,
                 long size, long inode, long device, String target, List<ChunkId> chunks) {
    /** The ctime of a record that has none: it never matches a file, so such a file is read again. */
    static final long NO_CTIME = Long.MIN_VALUE;

    boolean isFile() {
        return type == EntryType.FILE;
    }

    boolean isDir() {
        return type == EntryType.DIR;
    }

    /** The last path segment. */
    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
