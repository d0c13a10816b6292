package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot repository of one volume's {@code backup_increment}: every run is a point-in-time
 * snapshot that stores only chunks the repository lacks, can be listed and restored file by file,
 * expires like full backups, and can prove its integrity. On-disk format: docs/repository-format.md.
 *
 * <p><b>Thread-safety.</b> The instance holds no mutable state; every method may be called from any
 * thread, and from several processes on several nodes against the same storage. Coordination is by
 * lock objects in the repository: backup, restore, listing, forget and check take a shared lock,
 * prune an exclusive one. A conflicting live lock fails the call at once with {@code CONFLICT}
 * (nothing waits); a lock not refreshed within its expiry is broken, only after it expired.
 *
 * <p><b>Errors.</b> {@code BackupException}: {@code INVALID_ARGUMENT} for bad input (snapshot name,
 * pattern, source, an unsafe snapshot entry), {@code NOT_FOUND} for an unknown snapshot or empty
 * repository, {@code CONFLICT} when locked, {@code STORAGE_FAILED} for storage I/O and damaged data.
 *
 * <p><b>Crash safety and idempotency.</b> A backup writes its snapshot object last: killed earlier, it
 * leaves no snapshot, and what it stored is reused by the next run or collected by prune. Forget and
 * prune are idempotent; a prune killed at any point leaves a repository {@link #check} passes.
 */
public final class IncrementRepository {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementRepository.class);

    private final RepositoryStorage storage;
    private final RepositoryOptions options;
    private final FileOpener opener;

    public IncrementRepository(RepositoryStorage storage, RepositoryOptions options) {
        this(storage, options, FileOpener.DEFAULT);
    }

    IncrementRepository(RepositoryStorage storage, RepositoryOptions options, FileOpener opener) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.options = Objects.requireNonNull(options, "options");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * Backs up the directory {@code source} as a new snapshot, compared with the newest one: files with
     * the same size, mtime, ctime and inode reuse its chunks without being read. Creates the repository on
     * first use. Entries that vanish or cannot be read during the run are left out and listed in the
     * result's warnings.
     */
    public BackupResult backup(Path source) {
        BackupResult r = new BackupRun(storage, options, opener).run(source);
        LOG.info("increment backup {} of {}: {} files, {} read, {} chunks / {} bytes added in {}", r.snapshot(), source,
                r.files(), r.filesRead(), r.addedChunks(), r.addedBytes(), r.elapsed());
        if (r.missingPacks() > 0) {
            LOG.warn("increment backup {} of {} healed {} missing pack(s): {} chunk(s) were only there, {} stored again "
                    + "from the volume; older snapshots needing the rest stay damaged (check names them)", r.snapshot(),
                    source, r.missingPacks(), r.lostChunks(), r.chunksStoredAgain());
        }
        return r;
    }

    /** All snapshots, oldest first. Unreadable snapshot objects are skipped (check reports them). */
    public List<SnapshotInfo> snapshots() {
        SnapshotStore store = new SnapshotStore(storage);
        List<SnapshotInfo> out = new ArrayList<>();
        for (String id : store.ids()) {
            try {
                Snapshot s = store.read(id);
                out.add(new SnapshotInfo(s.id(), s.time(), s.parent(), s.totals().files(), s.totals().bytes(),
                        s.totals().addedBytes(), s.totals().addedChunks()));
            } catch (BackupException e) {
                LOG.warn("skipping snapshot {} in listing: {}", id, e.getMessage());
            }
        }
        return out;
    }

    /**
     * One page of the entries at or below {@code prefix} ("" for all) of snapshot {@code snapshot}
     * ("latest" for the newest), in tree order, starting after the path {@code after} (null: from the
     * start), at most {@code limit} entries.
     */
    public FilePage listFiles(String snapshot, String prefix, String after, int limit) {
        if (limit < 1) {
            throw BackupException.invalid("listing limit must be at least 1, got " + limit);
        }
        List<FileInfo> page = new ArrayList<>();
        boolean[] more = {false};
        withSharedLock("list", lock -> new FileLister(storage).list(snapshot, prefix, after, f -> {
            lock.refreshIfDue();
            if (page.size() == limit) {
                more[0] = true;
                return false;
            }
            return page.add(f);
        }));
        return new FilePage(page, more[0] ? page.get(page.size() - 1).name() : null);
    }

    /**
     * Streams the entries at or below {@code prefix} of a snapshot to {@code sink} until it returns
     * false; memory stays constant however large the snapshot.
     */
    public void listFiles(String snapshot, String prefix, Predicate<FileInfo> sink) {
        withSharedLock("list", lock -> new FileLister(storage).list(snapshot, prefix, null, f -> {
            lock.refreshIfDue();
            return sink.test(f);
        }));
    }

    /**
     * Restores the entries of {@code snapshot} matching {@code patterns} (exact paths or globs:
     * {@code *} everything, {@code *.log} by name at any depth, {@code dir/**} a subtree) into
     * {@code target}, with modes, owners (when root), mtimes and symlinks. Every chunk is verified;
     * files with damaged or missing chunks are not written and are named in the STORAGE_FAILED error
     * raised at the end. A snapshot with an absolute or {@code ..} entry is refused before anything is
     * written. Restoring again over the same target converges to the same result.
     */
    public RestoreResult restore(String snapshot, List<String> patterns, Path target) {
        return new RestoreRun(storage, options).run(snapshot, patterns, target);
    }

    /**
     * Removes the snapshots taken before {@code olderThan}, never the newest one. Frees no data by
     * itself: {@link #prune()} does. Idempotent.
     */
    public ForgetResult forget(Instant olderThan) {
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.SHARED, "forget")) {
            SnapshotStore store = new SnapshotStore(storage);
            List<String> ids = store.ids();
            List<String> removed = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            lock.verify();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                boolean newest = i == ids.size() - 1;
                if (!newest && timeOf(store, id).isBefore(olderThan)) {
                    store.delete(id);
                    removed.add(id);
                } else {
                    kept.add(id);
                }
            }
            LOG.info("increment forget before {}: removed {}, kept {}", olderThan, removed.size(), kept.size());
            return new ForgetResult(removed, kept);
        }
    }

    /**
     * Removes the one snapshot {@code id}, the newest too: an owner's explicit delete, unlike expiry,
     * may leave the volume without snapshots. Like {@link #forget(Instant)} it deletes only the snapshot
     * object; its chunks stay until {@link #prune()} finds them unused, so a backup running beside it
     * that reuses them is never left pointing at deleted data. Idempotent: false when it was not there.
     */
    public boolean forget(String id) {
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.SHARED, "forget")) {
            SnapshotStore store = new SnapshotStore(storage);
            String resolved = store.resolve(id);
            lock.verify();
            boolean removed = store.delete(resolved);
            LOG.info("increment forget of snapshot {}: {}", resolved, removed ? "removed" : "was not there");
            return removed;
        }
    }

    /** Deletes data no snapshot needs; see {@link PruneRun} for the crash-safe order. Idempotent. */
    public PruneResult prune() {
        PruneResult r = new PruneRun(storage, options).run();
        LOG.info("increment prune: {}", r);
        return r;
    }

    /** Verifies structure, and with {@code readData} every chunk's content; reports, never repairs. */
    public CheckReport check(boolean readData) {
        return new CheckRun(storage, options).run(readData);
    }

    /** A snapshot's time; an unreadable one counts by the time in its id, so forget can still remove it. */
    private static Instant timeOf(SnapshotStore store, String id) {
        try {
            return store.read(id).time();
        } catch (BackupException e) {
            return SnapshotIds.timeOf(id);
        }
    }

    private void withSharedLock(String purpose, Consumer<RepositoryLock> work) {
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.SHARED, purpose)) {
            work.accept(lock);
        }
    }
}
