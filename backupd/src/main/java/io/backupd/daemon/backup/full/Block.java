package io.backupd.daemon.backup.full;

import java.util.Arrays;

/**
 * One block on its way through {@link ParallelBlockOutputStream}: the writer fills {@code data},
 * a worker fills {@code encoded}, the writer copies {@code encoded} to the sink and reuses the
 * block. Handed between threads only through an executor and its futures, which publish it.
 */
final class Block {

    final byte[] data;
    int length;
    byte[] encoded;
    int encodedLength;

    Block(int capacity) {
        data = new byte[capacity];
        // gzip's stored blocks cost 5 bytes per 64 KiB and each mode switch ends a deflate block,
        // zstd's bound is 1/256 more: this covers both for typical blocks, and encoders grow it when it does not
        encoded = new byte[capacity + (capacity >>> 6) + 1024];
    }

    boolean isFull() {
        return length == data.length;
    }

    /** Makes room for at least {@code free} more encoded bytes. */
    void reserve(int free) {
        if (encoded.length - encodedLength < free) {
            int grown = Math.max(encoded.length + (encoded.length >>> 1), encodedLength + free);
            encoded = Arrays.copyOf(encoded, grown);
        }
    }
}
