package io.backupd.daemon.backup.increment;

import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heals an index that names packs gone from storage (deleted by hand, lost by the storage) before a
 * backup relies on it. Without this a backup reused the chunks those packs held, reported success,
 * and wrote a snapshot that could not restore those files although the volume still had them.
 *
 * <p>Once per backup run the pack listing is compared with the packs the index names. When some are
 * missing, every index file naming them is replaced by one without their entries (written first,
 * then the old file deleted, so a reader under the shared lock that finds a file gone finds its
 * replacement on a second listing, see {@link IndexLoader}); the index is loaded again without them,
 * so the run stores those chunks again from the volume. Snapshots taken before that still need what
 * nobody stored again, and {@code check} keeps naming them: this hides no damage, it stops new damage.
 */
final class LostPacks {
    private static final Logger LOG = LoggerFactory.getLogger(LostPacks.class);

    private LostPacks() {
    }

    /**
     * The index a backup run may rely on, and what was healed: how many packs were missing, and the
     * chunks that were only in them (the run stores again those the volume still has).
     */
    record Healing(ChunkIndex index, int missingPacks, ChunkIdSet lost) {

        /** How many lost chunks are in storage again, by {@code stored} (asked once the run's packs are stored). */
        long storedAgain(Predicate<ChunkId> stored) {
            long n = 0;
            for (int i = 0; i < lost.size(); i++) {
                if (stored.test(lost.get(i))) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Compares {@code loaded} with the packs in storage and heals it. {@code beforeChange} runs before
     * each index file is replaced (a backup passes its lock check).
     */
    static Healing heal(RepositoryStorage storage, IndexLoader.Loaded loaded, Runnable beforeChange) {
        Set<String> missing = new HashSet<>(loaded.index().namedPacks());
        for (String key : storage.list(RepositoryLayout.PACKS)) {
            missing.remove(RepositoryLayout.packIdOf(key));
        }
        if (missing.isEmpty()) {
            return new Healing(loaded.index(), 0, new ChunkIdSet());
        }
        int replaced = 0;
        for (String key : loaded.keys()) {
            replaced += replaceWithout(storage, key, missing, beforeChange) ? 1 : 0;
        }
        ChunkIndex healed = IndexLoader.load(storage, pack -> !missing.contains(pack)).index();
        ChunkIdSet lost = new ChunkIdSet();
        loaded.index().forEach((pack, blob) -> {
            if (missing.contains(pack) && !healed.contains(blob.id())) {
                lost.add(blob.id());
            }
        });
        LOG.warn("repository index named {} pack(s) missing from storage ({}); {} index file(s) rewritten without "
                + "them, {} chunk(s) only they held will be stored again where the volume still has them",
                missing.size(), String.join(", ", missing), replaced, lost.size());
        return new Healing(healed, missing.size(), lost);
    }

    /** Replaces index file {@code key} by one without the entries of {@code missing}; false when it names none. */
    private static boolean replaceWithout(RepositoryStorage storage, String key, Set<String> missing,
                                          Runnable beforeChange) {
        byte[] data = IndexLoader.bytesOf(storage, key);
        if (data == null) {
            return false; // a concurrent backup healed it first
        }
        Map<String, List<BlobEntry>> kept = new LinkedHashMap<>();
        boolean[] namesMissing = {false};
        IndexFile.decode(data, (pack, blob) -> {
            if (missing.contains(pack)) {
                namesMissing[0] = true;
            } else {
                kept.computeIfAbsent(pack, p -> new ArrayList<>()).add(blob);
            }
        });
        if (!namesMissing[0]) {
            return false;
        }
        beforeChange.run();
        if (!kept.isEmpty()) {
            storage.put(RepositoryLayout.indexKey(RepositoryLayout.randomId()), IndexFile.encode(kept));
        }
        storage.delete(key);
        return true;
    }
}
