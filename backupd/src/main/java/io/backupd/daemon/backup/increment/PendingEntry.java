package io.backupd.daemon.backup.increment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tree entry waiting for its chunk ids: the reading thread queues entries in walk order, packing
 * threads hash the chunks, and the reader writes each entry to the tree once it is ready. Entries that
 * need no hashing (directories, symlinks, unchanged files) are ready from the start. Created, sealed and
 * read by the reading thread; {@link #resolved()} is called from packing threads.
 */
final class PendingEntry {
    private final TreeEntry complete;
    private final SourceEntry source;
    private final List<ChunkSlot> slots = new ArrayList<>();
    private final AtomicInteger unresolved = new AtomicInteger();
    private long size = -1;

    private PendingEntry(TreeEntry complete, SourceEntry source) {
        this.complete = complete;
        this.source = source;
    }

    static PendingEntry ready(TreeEntry e) {
        return new PendingEntry(e, null);
    }

    /** A file about to be read; add a slot per chunk, then {@link #seal} it with the bytes read. */
    static PendingEntry reading(SourceEntry s) {
        return new PendingEntry(null, s);
    }

    ChunkSlot newSlot() {
        unresolved.incrementAndGet();
        ChunkSlot slot = new ChunkSlot(this);
        slots.add(slot);
        return slot;
    }

    void resolved() {
        unresolved.decrementAndGet();
    }

    void seal(long bytesRead) {
        this.size = bytesRead;
    }

    boolean ready() {
        return complete != null || size >= 0 && unresolved.get() == 0;
    }

    /** The finished entry; only once {@link #ready()}. */
    TreeEntry entry() {
        if (complete != null) {
            return complete;
        }
        List<ChunkId> ids = new ArrayList<>(slots.size());
        for (ChunkSlot s : slots) {
            ids.add(s.id());
        }
        return new TreeEntry(source.path(), source.type(), source.mode(), source.uid(), source.gid(),
                source.mtimeNanos(), source.ctimeNanos(), size, source.inode(), source.device(), null, ids);
    }
}
