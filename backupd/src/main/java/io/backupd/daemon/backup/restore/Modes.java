package io.backupd.daemon.backup.restore;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Unix mode bits: the split between the nine permission bits a restore keeps and the rest. */
final class Modes {
    static final int SETUID = 04000;
    static final int SETGID = 02000;
    static final int STICKY = 01000;
    static final int PERMISSIONS = 0777;

    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private Modes() {
    }

    static Set<PosixFilePermission> toPermissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(BY_BIT[bit]);
            }
        }
        return perms;
    }

    /** Names of the special bits set in {@code mode}, e.g. "setuid, sticky"; empty if none. */
    static String specialBits(int mode) {
        StringBuilder out = new StringBuilder();
        if ((mode & SETUID) != 0) {
            out.append("setuid");
        }
        if ((mode & SETGID) != 0) {
            out.append(out.length() > 0 ? ", " : "").append("setgid");
        }
        if ((mode & STICKY) != 0) {
            out.append(out.length() > 0 ? ", " : "").append("sticky");
        }
        return out.toString();
    }
}
