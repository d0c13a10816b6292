package io.backupd.daemon.backup.increment;

import java.util.Arrays;

/**
 * A compact set of chunk ids: ids live in one growing {@code long[]} (32 bytes each) and an
 * open-addressing table of ints points into it, about 45 bytes per id instead of ~150 for a
 * {@code HashSet<ChunkId>}. Entries get dense numbers (0, 1, 2, ...) in insertion order, which
 * {@link ChunkIndex} uses to keep its locations in parallel arrays. Not thread-safe.
 */
final class ChunkIdSet {
    private long[] ids = new long[4 * 64];
    private int count;
    private int[] table = new int[128];

    int size() {
        return count;
    }

    boolean contains(ChunkId id) {
        return indexOf(id) >= 0;
    }

    /** The entry number of {@code id}, or -1. */
    int indexOf(ChunkId id) {
        int mask = table.length - 1;
        for (int slot = hash(id) & mask; ; slot = (slot + 1) & mask) {
            int e = table[slot];
            if (e == 0) {
                return -1;
            }
            if (matches(e - 1, id)) {
                return e - 1;
            }
        }
    }

    /** Adds {@code id}; true when it was not there yet. */
    boolean add(ChunkId id) {
        return addIndex(id) >= 0;
    }

    /** Adds {@code id} and returns its new entry number, or -1 when it was there already. */
    int addIndex(ChunkId id) {
        int mask = table.length - 1;
        int slot = hash(id) & mask;
        for (; table[slot] != 0; slot = (slot + 1) & mask) {
            if (matches(table[slot] - 1, id)) {
                return -1;
            }
        }
        int n = count++;
        if (4 * count > ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[4 * n] = id.w0();
        ids[4 * n + 1] = id.w1();
        ids[4 * n + 2] = id.w2();
        ids[4 * n + 3] = id.w3();
        table[slot] = n + 1;
        if (2 * count > table.length) {
            rehash(table.length * 2);
        }
        return n;
    }

    ChunkId get(int n) {
        return new ChunkId(ids[4 * n], ids[4 * n + 1], ids[4 * n + 2], ids[4 * n + 3]);
    }

    private boolean matches(int n, ChunkId id) {
        int i = 4 * n;
        return ids[i] == id.w0() && ids[i + 1] == id.w1() && ids[i + 2] == id.w2() && ids[i + 3] == id.w3();
    }

    private void rehash(int size) {
        int[] t = new int[size];
        int mask = size - 1;
        for (int n = 0; n < count; n++) {
            int slot = mix(ids[4 * n]) & mask;
            while (t[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            t[slot] = n + 1;
        }
        table = t;
    }

    private static int hash(ChunkId id) {
        return mix(id.w0());
    }

    /** SHA-256 words are uniform already; folding keeps all bits in play for any table size. */
    private static int mix(long w) {
        return (int) (w ^ (w >>> 32));
    }
}
