package io.backupd.daemon.backup.increment;

/** The kinds of file system entries a snapshot records; other kinds (fifos, devices, sockets) are skipped. */
enum EntryType {
    FILE(0), DIR(1), SYMLINK(2);

    /** The byte that stands for the type in a tree record. */
    final int code;

    EntryType(int code) {
        this.code = code;
    }

    /** IllegalArgumentException for a code this version does not know. */
    static EntryType of(int code) {
        for (EntryType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown entry type " + code);
    }
}
