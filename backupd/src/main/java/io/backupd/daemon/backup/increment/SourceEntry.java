package io.backupd.daemon.backup.increment;

import java.nio.file.Path;

/** A file, directory or symlink met while walking the source, with what {@code lstat} said about it. */
record SourceEntry(String path, Path file, EntryType type, int mode, int uid, int gid, long mtimeNanos,
                   long size, long inode, long device, String target) {

    /** True when {@code before} describes the same unchanged file: same size, mtime and inode. */
    boolean unchangedSince(TreeEntry before) {
        return before != null && before.isFile() && type == EntryType.FILE && before.size() == size
                && before.mtimeNanos() == mtimeNanos && before.inode() == inode;
    }
}
