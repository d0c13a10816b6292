package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes blobs no snapshot needs, under the exclusive lock (no backup can be adding references).
 *
 * <p>Order, so that a prune killed at any point leaves a repository check passes: (1) find the used
 * blobs; (2) copy the live blobs of mostly-garbage packs into new packs; (3) write a new index covering
 * every kept and new pack; (4) delete the old index files; (5) delete the packs nobody needs any more.
 * Until (4) the old index still points at existing packs; after it, the packs left to delete are merely
 * unindexed, which check notes and the next prune removes.
 */
final class PruneRun {
    private final RepositoryStorage storage;
    private final RepositoryOptions options;

    PruneRun(RepositoryStorage storage, RepositoryOptions options) {
        this.storage = storage;
        this.options = options;
    }

    /** Per pack: bytes of its indexed blobs, of those some snapshot needs, and (when repacked) the live blobs. */
    private static final class PackUse {
        long total;
        long used;
        final List<BlobEntry> live = new ArrayList<>();
    }

    PruneResult run() {
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.EXCLUSIVE, "prune")) {
            RepositoryConfig config = RepositoryConfig.load(storage);
            Set<String> stored = storedPacks();
            // each blob at one place, preferring packs that exist; duplicates elsewhere are garbage
            ChunkIndex located = new ChunkIndex();
            IndexLoader.Loaded oldIndex = new IndexLoader.Loaded(null, new ArrayList<>(), new LinkedHashMap<>());
            IndexLoader.forEach(storage, oldIndex, (pack, e) -> {
                if (stored.contains(pack)) {
                    located.add(pack, e);
                }
            });
            if (!oldIndex.unreadable().isEmpty()) {
                throw new BackupException(ErrorCode.STORAGE_FAILED, "prune stopped, nothing was deleted: index file(s) "
                        + oldIndex.unreadable() + " cannot be read; run check");
            }
            int snapshots = new SnapshotStore(storage).ids().size();
            ChunkIdSet used = UsedChunks.collect(storage, located, lock);

            Map<String, PackUse> uses = new HashMap<>();
            located.forEach((pack, e) -> {
                PackUse u = uses.computeIfAbsent(pack, p -> new PackUse());
                u.total += e.length();
                if (used.contains(e.id())) {
                    u.used += e.length();
                }
            });
            Set<String> delete = new HashSet<>();
            Map<String, PackUse> repack = new LinkedHashMap<>();
            for (String pack : stored) {
                PackUse u = uses.get(pack);
                if (u == null || u.used == 0) {
                    delete.add(pack);
                } else if (u.total - u.used > options.repackGarbage() * u.total) {
                    repack.put(pack, u);
                }
            }
            if (delete.isEmpty() && repack.isEmpty()) {
                return new PruneResult(snapshots, stored.size(), 0, 0, 0, 0, 0);
            }
            located.forEach((pack, e) -> {
                PackUse u = repack.get(pack);
                if (u != null && used.contains(e.id())) {
                    u.live.add(e);
                }
            });

            Map<String, List<BlobEntry>> written = repack(repack, config, located, lock);
            Set<String> kept = new HashSet<>(stored);
            kept.removeAll(delete);
            kept.removeAll(repack.keySet());
            writeIndex(kept, written, lock);
            lock.verify();
            for (String key : oldIndex.keys()) {
                storage.delete(key);
            }
            long freed = 0;
            for (String pack : stored) {
                if (!kept.contains(pack)) {
                    String key = RepositoryLayout.packKey(pack);
                    freed += storage.size(key).orElse(0L);
                    storage.delete(key);
                    lock.refreshIfDue();
                }
            }
            for (String pack : written.keySet()) {
                freed -= storage.size(RepositoryLayout.packKey(pack)).orElse(0L);
            }
            return new PruneResult(snapshots, stored.size(), delete.size(), repack.size(), written.size(),
                    oldIndex.keys().size(), freed);
        }
    }

    private Set<String> storedPacks() {
        Set<String> packs = new HashSet<>();
        for (String key : storage.list(RepositoryLayout.PACKS)) {
            String id = RepositoryLayout.packIdOf(key);
            if (id != null) {
                packs.add(id);
            }
        }
        return packs;
    }

    /** Copies the live blobs of {@code packs} into new packs, verifying each; returns the new packs' blobs. */
    private Map<String, List<BlobEntry>> repack(Map<String, PackUse> packs, RepositoryConfig config, ChunkIndex index,
                                                RepositoryLock lock) {
        Map<String, List<BlobEntry>> written = new LinkedHashMap<>();
        PackWriter data = new PackWriter(config.packTarget(), config.data().params().max());
        PackWriter tree = new PackWriter(config.packTarget(), config.data().params().max());
        try (BlobReader verifier = new BlobReader(storage, index)) {
            PackBuffer buffer = new PackBuffer();
            for (Map.Entry<String, PackUse> p : packs.entrySet()) {
                buffer.load(storage, p.getKey());
                byte[] bytes = buffer.bytes();
                for (BlobEntry e : p.getValue().live) {
                    if ((long) e.offset() + e.length() > buffer.length()) {
                        throw new ChunkUnavailableException(e.id(), false, "pack " + p.getKey() + " is truncated");
                    }
                    verifier.verify(e, bytes, e.offset(), p.getKey());
                    PackWriter w = e.type() == BlobType.TREE ? tree : data;
                    w.addStored(e, bytes, e.offset());
                    if (w.isFull()) {
                        store(w, written);
                    }
                }
                lock.refreshIfDue();
            }
        } catch (ChunkUnavailableException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "prune stopped, nothing was deleted: a live blob cannot "
                    + "be repacked (" + e.getMessage() + "); run check", e);
        }
        for (PackWriter w : new PackWriter[] {data, tree}) {
            if (!w.isEmpty()) {
                store(w, written);
            }
        }
        return written;
    }

    private void store(PackWriter w, Map<String, List<BlobEntry>> written) {
        PackWriter.FinishedPack pack = w.finish();
        storage.put(RepositoryLayout.packKey(pack.id()), new ByteArrayInputStream(pack.bytes(), 0, pack.length()),
                pack.length());
        written.put(pack.id(), pack.entries());
        w.reset();
    }

    /** One index for all kept packs (every blob the old index listed there) plus the new packs. */
    private void writeIndex(Set<String> kept, Map<String, List<BlobEntry>> written, RepositoryLock lock) {
        IndexCollector collector = new IndexCollector(storage, IndexFile.MAX_ENTRIES, lock::verify);
        Map<String, List<BlobEntry>> keptEntries = new LinkedHashMap<>();
        // an old index and a crashed prune's new one may both list a kept pack: each blob once is enough
        ChunkIdSet seen = new ChunkIdSet();
        IndexLoader.forEach(storage, new IndexLoader.Loaded(null, new ArrayList<>(), new LinkedHashMap<>()),
                (pack, e) -> {
                    if (kept.contains(pack) && seen.add(e.id())) {
                        keptEntries.computeIfAbsent(pack, p -> new ArrayList<>()).add(e);
                    }
                });
        keptEntries.forEach(collector::packStored);
        written.forEach(collector::packStored);
        collector.flush();
    }
}
