package io.backupd.daemon.hooks;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the last {@code limit} bytes written to it: a chatty hook's output can be megabytes, and
 * only its end (where the error usually is) goes into the record. Thread-safe.
 */
final class OutputTail {
    static final int DEFAULT_LIMIT = 4096;

    private final byte[] ring;
    private long written;

    OutputTail(int limit) {
        this.ring = new byte[limit];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[offset + i];
        }
    }

    /** The kept bytes as text; a character cut in half at the start decodes as a replacement char. */
    synchronized String text() {
        int kept = (int) Math.min(written, ring.length);
        byte[] out = new byte[kept];
        int start = (int) ((written - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return written > ring.length ? "…" + text : text;
    }
}
