package io.backupd.daemon.backup.increment;

/** How a blob's bytes are stored in its pack: as is, or as one zstd frame. */
enum Compression {
    NONE(0), ZSTD(1);

    final int code;

    Compression(int code) {
        this.code = code;
    }

    static Compression of(int code) {
        for (Compression c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression " + code);
    }
}
