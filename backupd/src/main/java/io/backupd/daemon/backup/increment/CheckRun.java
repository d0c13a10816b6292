package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies a repository: index files readable, every indexed pack present with a trailer that agrees,
 * (with {@code readData}) every indexed blob decoding to its SHA-256, and every chunk each snapshot
 * needs indexed, present and undamaged. Problems name the snapshot, file, chunk and pack concerned.
 * Takes a shared lock, so no prune changes the repository meanwhile.
 */
final class CheckRun {
    private static final int KEPT_PROBLEMS = 1000;
    private static final String TREE = "(file tree)";

    private final RepositoryStorage storage;
    private final RepositoryOptions options;
    private final List<CheckProblem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<ChunkId, String> damaged = new ConcurrentHashMap<>();
    private final AtomicLong blobsRead = new AtomicLong();
    private long problemCount;

    CheckRun(RepositoryStorage storage, RepositoryOptions options) {
        this.storage = storage;
        this.options = options;
    }

    CheckReport run(boolean readData) {
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.SHARED, "check")) {
            RepositoryConfig.load(storage);
            Set<String> stored = new HashSet<>();
            for (String key : storage.list(RepositoryLayout.PACKS)) {
                String id = RepositoryLayout.packIdOf(key);
                if (id != null) {
                    stored.add(id);
                }
            }
            IndexLoader.Loaded loaded = IndexLoader.load(storage);
            loaded.unreadable().forEach((key, why) -> problem(new CheckProblem(CheckProblem.Kind.UNREADABLE_INDEX,
                    "index file " + key + ": " + why, null, null, null, null)));
            ChunkIndex index = loaded.index();
            Map<String, List<BlobEntry>> byPack = new HashMap<>();
            index.forEach((pack, e) -> byPack.computeIfAbsent(pack, p -> new ArrayList<>()).add(e));
            Set<String> missingPacks = new HashSet<>(byPack.keySet());
            missingPacks.removeAll(stored);
            for (String pack : missingPacks) {
                problem(new CheckProblem(CheckProblem.Kind.MISSING_PACK, "pack " + pack + " is in the index but not in storage ("
                        + byPack.get(pack).size() + " chunks)", null, null, null, pack));
            }
            Set<String> unindexed = new HashSet<>(stored);
            unindexed.removeAll(byPack.keySet());
            if (!unindexed.isEmpty()) {
                notes.add(unindexed.size() + " pack(s) are not indexed (left by an interrupted run); prune removes them");
            }
            checkPacks(index, byPack, stored, readData, lock);
            List<String> ids = new SnapshotStore(storage).ids();
            for (String id : ids) {
                checkSnapshot(id, index, missingPacks, lock);
            }
            return new CheckReport(problemCount == 0, ids.size(), stored.size(), index.size(), blobsRead.get(),
                    List.copyOf(problems), problemCount, List.copyOf(notes));
        }
    }

    private void checkPacks(ChunkIndex index, Map<String, List<BlobEntry>> byPack, Set<String> stored, boolean readData,
                            RepositoryLock lock) {
        PackChecker.Findings findings = new PackChecker.Findings() {
            @Override
            public void damaged(ChunkId id, String why) {
                damaged.put(id, why);
            }

            @Override
            public void problem(CheckProblem p) {
                CheckRun.this.problem(p);
            }

            @Override
            public void blobRead() {
                blobsRead.incrementAndGet();
            }
        };
        try (Workers<PackChecker> workers = new Workers<>("increment-check", options.restoreThreads(),
                () -> new PackChecker(storage, index))) {
            for (Map.Entry<String, List<BlobEntry>> p : byPack.entrySet()) {
                if (stored.contains(p.getKey())) {
                    workers.submit(c -> c.check(p.getKey(), p.getValue(), readData, findings));
                    lock.refreshIfDue();
                }
            }
            workers.finish(lock::refreshIfDue);
        }
    }

    private void checkSnapshot(String id, ChunkIndex index, Set<String> missingPacks, RepositoryLock lock) {
        Snapshot s;
        List<ChunkId> treeBlobs;
        try {
            s = new SnapshotStore(storage).read(id);
            treeBlobs = s.treeBlobs();
        } catch (BackupException e) {
            problem(new CheckProblem(CheckProblem.Kind.UNREADABLE_SNAPSHOT, e.getMessage(), id, null, null, null));
            return;
        }
        boolean treeOk = true;
        for (ChunkId t : treeBlobs) {
            treeOk &= chunkOk(t, index, missingPacks, id, TREE);
        }
        if (!treeOk) {
            return;
        }
        try (TreeStream tree = new TreeStream(id, new BlobReader(storage, index), treeBlobs)) {
            for (TreeEntry e = tree.next(); e != null; e = tree.next()) {
                String unsafe = EntryPaths.problem(e.path());
                if (unsafe != null) {
                    problem(new CheckProblem(CheckProblem.Kind.UNSAFE_PATH, "entry '" + e.path() + "': " + unsafe,
                            id, e.path(), null, null));
                }
                for (ChunkId c : e.chunks()) {
                    chunkOk(c, index, missingPacks, id, e.path());
                }
                lock.refreshIfDue();
            }
        } catch (BackupException e) {
            problem(new CheckProblem(CheckProblem.Kind.UNREADABLE_SNAPSHOT, "file tree: " + e.getMessage(), id, TREE,
                    null, null));
        }
    }

    private boolean chunkOk(ChunkId c, ChunkIndex index, Set<String> missingPacks, String snapshot, String path) {
        ChunkIndex.Location where = index.find(c);
        if (where == null) {
            problem(new CheckProblem(CheckProblem.Kind.MISSING_CHUNK, "chunk " + c.hex() + " of " + path
                    + " is not in the index", snapshot, path, c.hex(), null));
            return false;
        }
        if (missingPacks.contains(where.pack())) {
            problem(new CheckProblem(CheckProblem.Kind.MISSING_CHUNK, "chunk " + c.hex() + " of " + path + " was in pack "
                    + where.pack() + ", which is gone", snapshot, path, c.hex(), where.pack()));
            return false;
        }
        String why = damaged.get(c);
        if (why != null) {
            problem(new CheckProblem(CheckProblem.Kind.DAMAGED_CHUNK, "chunk " + c.hex() + " of " + path + ": " + why,
                    snapshot, path, c.hex(), where.pack()));
            return false;
        }
        return true;
    }

    private synchronized void problem(CheckProblem p) {
        problemCount++;
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(p);
        }
    }
}
