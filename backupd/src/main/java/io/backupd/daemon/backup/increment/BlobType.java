package io.backupd.daemon.backup.increment;

/** What a blob holds: file content, or a piece of a snapshot's serialized file tree. */
enum BlobType {
    DATA(0), TREE(1);

    final int code;

    BlobType(int code) {
        this.code = code;
    }

    static BlobType of(int code) {
        for (BlobType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown blob type " + code);
    }
}
