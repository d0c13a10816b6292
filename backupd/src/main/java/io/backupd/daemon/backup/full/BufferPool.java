package io.backupd.daemon.backup.full;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Recycles the member-sized arrays of {@link ParallelGzipInputStream}: without it every MiB
 * read would allocate two fresh arrays that G1 treats as humongous objects. Holds at most
 * {@code capacity} arrays, each at least {@code arraySize} bytes so that any of them fits any
 * member; thread-safe.
 */
final class BufferPool {

    private final BlockingQueue<byte[]> spare;
    private final int arraySize;

    BufferPool(int capacity, int arraySize) {
        this.spare = new ArrayBlockingQueue<>(capacity);
        this.arraySize = arraySize;
    }

    /** An array of at least {@code size} bytes, with arbitrary contents. */
    byte[] take(int size) {
        byte[] b = spare.poll();
        return b != null && b.length >= size ? b : new byte[Math.max(size, arraySize)];
    }

    void give(byte[] b) {
        if (b != null) {
            spare.offer(b);
        }
    }
}
