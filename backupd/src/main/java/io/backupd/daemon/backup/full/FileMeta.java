package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;

/** The attributes a tar entry needs, read once per file without following symlinks. */
record FileMeta(boolean directory, boolean symlink, boolean regular, long size, int mode, FileTime mtime,
                long uid, long gid) {

    private static final String UNIX = "unix:mode,uid,gid,size,lastModifiedTime,isDirectory,isSymbolicLink,isRegularFile";

    static FileMeta read(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, UNIX, LinkOption.NOFOLLOW_LINKS);
            return new FileMeta((Boolean) a.get("isDirectory"), (Boolean) a.get("isSymbolicLink"),
                    (Boolean) a.get("isRegularFile"), (Long) a.get("size"), (Integer) a.get("mode"),
                    (FileTime) a.get("lastModifiedTime"), (Integer) a.get("uid"), (Integer) a.get("gid"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return fromPosix(path); // no "unix" view on this platform: no uid/gid, permissions only
        }
    }

    private static FileMeta fromPosix(Path path) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission p : a.permissions()) {
            mode |= 1 << (8 - p.ordinal());
        }
        return new FileMeta(a.isDirectory(), a.isSymbolicLink(), a.isRegularFile(), a.size(), mode,
                a.lastModifiedTime(), 0, 0);
    }
}
