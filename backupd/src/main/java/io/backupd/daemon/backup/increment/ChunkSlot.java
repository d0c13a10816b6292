package io.backupd.daemon.backup.increment;

/**
 * A chunk handed to the {@link Packer}; a packing thread hashes it and fills in its id. The reading
 * thread only looks at the id once the owning entry reports ready (or after the packer finished), which
 * orders the write before the read.
 */
final class ChunkSlot {
    private final PendingEntry owner;
    private volatile ChunkId id;

    /** {@code owner} is told when the id is known; null for tree blobs, read after the packer finished. */
    ChunkSlot(PendingEntry owner) {
        this.owner = owner;
    }

    void resolve(ChunkId value) {
        this.id = value;
        if (owner != null) {
            owner.resolved();
        }
    }

    ChunkId id() {
        return id;
    }
}
