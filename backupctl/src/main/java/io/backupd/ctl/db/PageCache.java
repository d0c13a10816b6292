package io.backupd.ctl.db;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Clean pages of the database file kept in memory, so that the many small reads MapDB makes (an
 * 8-byte index value, a node) cost no system call. Direct-mapped: page {@code n} can only sit in
 * slot {@code n % slots}, so a lookup is one array read and needs no lock. A cached page is never
 * changed in place; a commit puts its new copy in the slot.
 */
final class PageCache {
    private record Page(long number, byte[] bytes) {
    }

    private final AtomicReferenceArray<Page> slots;

    PageCache(int slots) {
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** The cached bytes of page {@code number}, or null; the caller must not change them. */
    byte[] get(long number) {
        Page page = slots.get(slot(number));
        return page != null && page.number() == number ? page.bytes() : null;
    }

    /** Caches {@code bytes} as page {@code number}; they must not be changed afterwards. */
    void put(long number, byte[] bytes) {
        slots.set(slot(number), new Page(number, bytes));
    }

    void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    private int slot(long number) {
        return (int) Math.floorMod(number, (long) slots.length());
    }
}
