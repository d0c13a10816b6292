package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores selected entries of a snapshot into a target directory.
 *
 * <p>Two passes over the tree: the first refuses the whole restore if any selected entry's path could
 * escape the target (nothing is written then); the second creates directories, hands files to worker
 * threads (each file streamed chunk by chunk, verified, written to a temp name and renamed), and keeps
 * symlinks and directory metadata for the end, so no symlink exists while files are written and
 * directory mtimes are not disturbed by their children. The directories above a selected entry that
 * are not selected themselves (restoring chosen files) get their snapshot mtime too, as writing
 * into them moved it; their owner and mode only when this restore created them. Files with damaged
 * chunks are left out and named in the STORAGE_FAILED error raised at the end; everything else is
 * restored.
 */
final class RestoreRun {
    private static final int NAMED_FILES = 50;
    private static final long BATCH_BYTES = 2 << 20;
    private static final int BATCH_FILES = 128;

    private final RepositoryStorage storage;
    private final RepositoryOptions options;
    private final AtomicLong bytes = new AtomicLong();
    private final Map<String, ChunkId> damaged = new ConcurrentHashMap<>();
    private long files;
    private long dirs;
    private long symlinks;

    RestoreRun(RepositoryStorage storage, RepositoryOptions options) {
        this.storage = storage;
        this.options = options;
    }

    RestoreResult run(String snapshotName, List<String> patterns, Path target) {
        long started = System.nanoTime();
        PathSelector selector = PathSelector.of(patterns);
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.SHARED, "restore")) {
            Snapshot snapshot = new SnapshotStore(storage).read(snapshotName);
            ChunkIndex index = IndexLoader.load(storage).index();
            if (refuseUnsafe(snapshot, index, selector) == 0) {
                throw BackupException.notFound("no entry of snapshot " + snapshot.id() + " matches " + patterns);
            }
            Files.createDirectories(target);
            RestoreDirs dirsMade = new RestoreDirs(target.toRealPath());
            List<TreeEntry> dirEntries = new ArrayList<>();
            List<TreeEntry> parentDirs = new ArrayList<>();
            Deque<TreeEntry> unselectedAbove = new ArrayDeque<>();
            List<TreeEntry> links = new ArrayList<>();
            Set<ChunkId> bad = ConcurrentHashMap.newKeySet();
            List<FileTask> batch = new ArrayList<>();
            long batchBytes = 0;
            try (TreeStream tree = new TreeStream(snapshot.id(), new BlobReader(storage, index), snapshot.treeBlobs());
                 Workers<FileRestorer> workers = new Workers<>("increment-restore", options.restoreThreads(),
                         () -> new FileRestorer(storage, index, bad))) {
                for (TreeEntry e = tree.next(); e != null; e = tree.next()) {
                    lock.refreshIfDue();
                    while (!unselectedAbove.isEmpty() && !e.path().startsWith(unselectedAbove.peekLast().path() + "/")) {
                        unselectedAbove.removeLast();
                    }
                    if (!selector.selects(e.path())) {
                        if (e.type() == EntryType.DIR) {
                            unselectedAbove.addLast(e);
                        }
                        continue;
                    }
                    // each directory above a selected entry is kept once: cleared, a sibling finds none
                    parentDirs.addAll(unselectedAbove);
                    unselectedAbove.clear();
                    switch (e.type()) {
                        case DIR -> {
                            dirsMade.ensure(e.path());
                            dirEntries.add(e);
                        }
                        case SYMLINK -> {
                            dirsMade.ensureParentOf(e.path());
                            links.add(e);
                        }
                        case FILE -> {
                            Path dir = dirsMade.ensureParentOf(e.path());
                            batch.add(new FileTask(e, dir, dir.resolve(e.name())));
                            batchBytes += e.size();
                            if (batchBytes >= BATCH_BYTES || batch.size() == BATCH_FILES) {
                                submit(workers, batch);
                                batch = new ArrayList<>();
                                batchBytes = 0;
                            }
                            files++;
                        }
                        default -> throw new IllegalStateException("unexpected entry type " + e.type());
                    }
                }
                submit(workers, batch);
                workers.finish(lock::refreshIfDue);
            }
            for (TreeEntry link : links) {
                restoreLink(dirsMade.ensureParentOf(link.path()), link);
            }
            for (int i = dirEntries.size() - 1; i >= 0; i--) {
                EntryMetadata.apply(dirsMade.ensure(dirEntries.get(i).path()), dirEntries.get(i));
            }
            for (int i = parentDirs.size() - 1; i >= 0; i--) {
                TreeEntry dir = parentDirs.get(i);
                if (dirsMade.created(dir.path())) {
                    EntryMetadata.apply(dirsMade.ensure(dir.path()), dir);
                } else {
                    EntryMetadata.applyTime(dirsMade.ensure(dir.path()), dir);
                }
            }
            dirs = dirEntries.size();
            symlinks = links.size();
            if (!damaged.isEmpty()) {
                throw damagedFailure(snapshot.id());
            }
            return new RestoreResult(snapshot.id(), files, dirs, symlinks, bytes.get(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot restore into " + target + ": " + e, e);
        }
    }

    /** First pass: count selected entries, refusing the restore if one has an unsafe path. */
    private long refuseUnsafe(Snapshot snapshot, ChunkIndex index, PathSelector selector) {
        long selected = 0;
        try (TreeStream tree = new TreeStream(snapshot.id(), new BlobReader(storage, index), snapshot.treeBlobs())) {
            for (TreeEntry e = tree.next(); e != null; e = tree.next()) {
                String problem = EntryPaths.problem(e.path());
                if (problem != null) {
                    throw BackupException.invalid("snapshot " + snapshot.id() + " has an entry '" + e.path()
                            + "' with an " + problem + "; refusing to restore from it");
                }
                if (selector.selects(e.path())) {
                    selected++;
                }
            }
        }
        return selected;
    }

    /** A file to restore: its entry, the directory made for it and its final path. */
    private record FileTask(TreeEntry entry, Path dir, Path file) {
    }

    /**
     * Files go to the workers in runs of neighbours: they were packed in this order, so one worker's
     * read-ahead window serves a whole run of small files.
     */
    private void submit(Workers<FileRestorer> workers, List<FileTask> batch) {
        if (batch.isEmpty()) {
            return;
        }
        workers.submit(restorer -> {
            for (FileTask t : batch) {
                try {
                    restorer.restore(t.entry(), t.dir(), t.file());
                    bytes.addAndGet(t.entry().size());
                } catch (ChunkUnavailableException ex) {
                    damaged.put(t.entry().path(), ex.chunk());
                }
            }
        });
    }

    /** A symlink is made under a temp name and renamed over the target path, never following anything. */
    private static void restoreLink(Path dir, TreeEntry e) throws IOException {
        Path temp = dir.resolve(FileRestorer.tempName());
        Files.createSymbolicLink(temp, Path.of(e.target() == null ? "" : e.target()));
        try {
            EntryMetadata.apply(temp, e);
            Files.move(temp, dir.resolve(e.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(temp);
            throw ex;
        }
    }

    private BackupException damagedFailure(String snapshot) {
        List<String> paths = new ArrayList<>(damaged.keySet());
        paths.sort(PathOrder.COMPARATOR);
        List<String> chunks = damaged.values().stream().map(ChunkId::hex).distinct().sorted().toList();
        List<String> named = paths.subList(0, Math.min(NAMED_FILES, paths.size()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("snapshot", snapshot);
        details.put("files", named);
        details.put("file_count", paths.size());
        details.put("chunks", chunks);
        return new BackupException(ErrorCode.STORAGE_FAILED, "restore of snapshot " + snapshot + " is incomplete: "
                + paths.size() + " file(s) not restored because chunk(s) " + String.join(", ", chunks)
                + " are damaged or missing: " + String.join(", ", named) + (paths.size() > named.size() ? ", ..." : ""),
                details, null);
    }
}
