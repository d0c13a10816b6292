package io.backupd.daemon.backup.increment;

import java.nio.file.Path;

/** A file, directory or symlink met while walking the source, with what {@code lstat} said about it. */
record SourceEntry(String path, Path file, EntryType type, int mode, int uid, int gid, long mtimeNanos,
                   long ctimeNanos, long size, long inode, long device, String target) {

    /**
     * True when {@code before} describes the same unchanged file: same size, mtime, ctime and inode.
     * The mtime alone can be set back ({@code touch -d}, {@code cp -p}, {@code rsync -t}) after the
     * content changed; the ctime cannot be set by a user and moves on every write, chmod and rename, so
     * a file edited in place or replaced by another of the same size and mtime is read again. A parent
     * record without a ctime never matches.
     */
    boolean unchangedSince(TreeEntry before) {
        return before != null && before.isFile() && type == EntryType.FILE && before.size() == size
                && before.mtimeNanos() == mtimeNanos && before.ctimeNanos() == ctimeNanos
                && ctimeNanos != TreeEntry.NO_CTIME && before.inode() == inode;
    }
}
