package io.backupd.daemon.backup.increment;

import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the blobs of packs as they become durable and writes them as index files, every
 * {@code maxEntries} blobs and on {@link #flush()}. A pack is only ever indexed after its put returned,
 * so an index never points at a pack that is not there; a run killed midway leaves indexed packs that
 * later backups reuse and prune collects. Thread-safe: packing threads report concurrently.
 */
final class IndexCollector {
    private final RepositoryStorage storage;
    private final int maxEntries;
    private final Runnable beforeWrite;
    private final Map<String, List<BlobEntry>> pending = new LinkedHashMap<>();
    private final List<String> written = new ArrayList<>();
    private int pendingEntries;

    /**
     * {@code beforeWrite} runs before each index file is written; a backup passes its lock check, so a
     * run whose lock was broken as stale never indexes packs a prune may have deleted meanwhile.
     */
    IndexCollector(RepositoryStorage storage, int maxEntries, Runnable beforeWrite) {
        this.storage = storage;
        this.maxEntries = maxEntries;
        this.beforeWrite = beforeWrite;
    }

    synchronized void packStored(String packId, List<BlobEntry> entries) {
        pending.put(packId, entries);
        pendingEntries += entries.size();
        if (pendingEntries >= maxEntries) {
            flush();
        }
    }

    /** Writes what is pending as one index file. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        beforeWrite.run();
        String key = RepositoryLayout.indexKey(RepositoryLayout.randomId());
        storage.put(key, IndexFile.encode(pending));
        written.add(key);
        pending.clear();
        pendingEntries = 0;
    }

    synchronized List<String> written() {
        return List.copyOf(written);
    }
}
