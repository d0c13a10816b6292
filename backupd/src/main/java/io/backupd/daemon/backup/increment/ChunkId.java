package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;

/**
 * The SHA-256 of a blob's plain content, kept as four longs (big-endian words) so the compact
 * index tables can store ids without one object each.
 */
record ChunkId(long w0, long w1, long w2, long w3) {
    static final int BYTES = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static ChunkId of(byte[] b, int off) {
        return new ChunkId(word(b, off), word(b, off + 8), word(b, off + 16), word(b, off + 24));
    }

    static ChunkId parse(String hex) {
        if (hex == null || hex.length() != 64) {
            throw BackupException.invalid("chunk id '" + hex + "' is not 64 hex digits");
        }
        long[] w = new long[4];
        for (int i = 0; i < 64; i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw BackupException.invalid("chunk id '" + hex + "' is not 64 hex digits");
            }
            w[i / 16] = (w[i / 16] << 4) | d;
        }
        return new ChunkId(w[0], w[1], w[2], w[3]);
    }

    void writeTo(byte[] b, int off) {
        put(b, off, w0);
        put(b, off + 8, w1);
        put(b, off + 16, w2);
        put(b, off + 24, w3);
    }

    String hex() {
        char[] out = new char[64];
        long[] w = {w0, w1, w2, w3};
        for (int i = 0; i < 64; i++) {
            out[i] = HEX[(int) (w[i / 16] >>> (60 - 4 * (i % 16))) & 0xf];
        }
        return new String(out);
    }

    /** The first 12 hex digits, enough for messages. */
    String shortHex() {
        return hex().substring(0, 12);
    }

    @Override
    public String toString() {
        return hex();
    }

    private static long word(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static void put(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
