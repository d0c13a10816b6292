package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One incremental backup: walk the source beside the parent's tree, reuse unchanged files' chunks,
 * read and chunk the rest, store new blobs in packs, index them, and write the snapshot last.
 *
 * <p>Threads: the caller's thread walks the source and the parent's tree and writes the new tree;
 * reading threads read, cut and hash the changed files, several at once; the {@link Packer}'s threads
 * compress and store the new chunks. Entries wait in walk order until their file is read, so the tree
 * is written in order while reading runs in parallel with the walk. A failure anywhere leaves no
 * snapshot; stored packs stay indexed where possible, so the next run reuses them and prune collects
 * what nobody needs.
 */
final class BackupRun {
    /**
     * Entries done but queued behind one still being read, at most: the walk waits rather than hold
     * an unbounded tail of a large volume while one huge file is read.
     */
    private static final int MAX_WAITING = 10_000;
    /**
     * Files handed to a reader at once, at most, unless they add up to {@link #READ_BATCH_BYTES}
     * first: one hand-off per small file cost more than reading it (a first backup reads 20,000).
     */
    private static final int READ_BATCH_FILES = 64;
    private static final long READ_BATCH_BYTES = 8 << 20;
    private final RepositoryStorage storage;
    private final RepositoryOptions options;
    private final FileOpener opener;
    private final Warnings warnings = new Warnings();
    private long files;
    private long dirs;
    private long symlinks;
    private long bytes;
    private long filesRead;
    private long filesUnchanged;
    private final List<PendingEntry> toRead = new ArrayList<>();
    private long toReadBytes;

    BackupRun(RepositoryStorage storage, RepositoryOptions options, FileOpener opener) {
        this.storage = storage;
        this.options = options;
        this.opener = opener;
    }

    /** Lock, load, walk and store, index, then write the snapshot last. */
    BackupResult run(Path source) {
        long started = System.nanoTime();
        try (RepositoryLock lock = RepositoryLock.acquire(storage, options, LockMode.SHARED, "backup")) {
            RepositoryConfig config = RepositoryConfig.loadOrCreate(storage, options);
            IndexLoader.Loaded loaded = IndexLoader.load(storage);
            loaded.unreadable().forEach((key, why) -> warnings.add("", "index file " + key + " skipped: " + why));
            // a chunk whose pack is gone must never be reused: the snapshot could not restore it
            LostPacks.Healing healing = LostPacks.heal(storage, loaded, lock::verify);
            SnapshotStore snapshots = new SnapshotStore(storage);
            Snapshot parent = parent(snapshots);
            IndexCollector collector = new IndexCollector(storage, IndexFile.MAX_ENTRIES, lock::verify);
            Stored stored = store(source, config, healing, parent, collector, lock);
            collector.flush();
            lock.verify();
            Instant time = snapshotTime(parent);
            Snapshot snapshot = new Snapshot(Snapshot.VERSION, SnapshotIds.create(time), time,
                    parent == null ? null : parent.id(), options.host(), source.toString(),
                    stored.tree().stream().map(ChunkId::hex).toList(),
                    new Snapshot.Totals(files, dirs, symlinks, bytes, stored.bytes(), stored.rawBytes(), stored.blobs(),
                            filesRead, warnings.count()));
            snapshots.write(snapshot);
            return new BackupResult(snapshot.id(), snapshot.parent(), files, dirs, symlinks, bytes, filesRead,
                    filesUnchanged, stored.blobs(), stored.bytes(), stored.rawBytes(), stored.packs(),
                    Duration.ofNanos(System.nanoTime() - started), warnings.messages(), warnings.count(),
                    healing.missingPacks(), healing.lost().size(), stored.storedAgain());
        }
    }

    /** What the walk stored: the tree's blobs in order, the new blobs and packs, and how many of them were lost before. */
    private record Stored(List<ChunkId> tree, long bytes, long rawBytes, long blobs, long packs, long storedAgain) {
    }

    /**
     * Walks the source beside the parent's tree, queuing entries until their chunks are hashed and
     * writing them to the tree in order; then stores the tree and the last packs. On failure, indexes
     * what was stored so the next run can reuse it.
     */
    private Stored store(Path source, RepositoryConfig config, LostPacks.Healing healing, Snapshot parent,
                         IndexCollector collector, RepositoryLock lock) {
        ChunkIndex index = healing.index();
        Packer packer = new Packer(storage, collector, index, options.packThreads(), config.packTarget(),
                config.data().params().max(), options.compressionLevel());
        FastCdc cdc = new FastCdc(config.data().params());
        try (packer;
             Workers<FileChunker> readers = new Workers<>("increment-reader", options.readThreads(),
                     () -> new FileChunker(cdc, packer, index, opener, lock::refreshIfDue));
             ParentTree before = ParentTree.open(parent, storage, index, warnings);
             SourceWalker walker = new SourceWalker(source, warnings, options.readThreads())) {
            TreeBuilder tree = new TreeBuilder(new FastCdc(config.tree().params()), packer);
            Deque<PendingEntry> waiting = new ArrayDeque<>();
            walker.walk(entry -> {
                lock.refreshIfDue();
                waiting.add(backUp(entry, before.find(entry.path()), readers, packer));
                writeDone(waiting, tree, readers, MAX_WAITING);
            });
            submitReads(readers);
            readers.finish(lock::refreshIfDue);
            writeDone(waiting, tree, readers, 0);
            List<ChunkId> treeBlobs = tree.finish();
            packer.finish();
            return new Stored(treeBlobs, packer.storedBytes(), packer.rawBytes(), packer.blobs(), packer.packs(),
                    healing.storedAgain(packer::has));
        } catch (IOException e) {
            throw indexThenFail(collector, new BackupException(ErrorCode.STORAGE_FAILED,
                    "cannot read backup source " + source + ": " + e, e));
        } catch (RuntimeException e) {
            throw indexThenFail(collector, e);
        }
    }

    /**
     * The tree entry for one source entry: done at once, or pending while a reader reads the file
     * (batched for the readers here; this blocks while they are all busy and their queue is full).
     */
    private PendingEntry backUp(SourceEntry s, TreeEntry before, Workers<FileChunker> readers, Packer packer) {
        switch (s.type()) {
            case DIR -> dirs++;
            case SYMLINK -> symlinks++;
            case FILE -> {
                if (s.unchangedSince(before) && allStored(before.chunks(), packer)) {
                    files++;
                    filesUnchanged++;
                    bytes += before.size();
                    return PendingEntry.ready(entry(s, before.size(), before.chunks()));
                }
                PendingEntry pending = PendingEntry.reading(s, before);
                toRead.add(pending);
                toReadBytes += s.size();
                if (toRead.size() >= READ_BATCH_FILES || toReadBytes >= READ_BATCH_BYTES) {
                    submitReads(readers);
                }
                return pending;
            }
            default -> throw new IllegalStateException("unexpected entry type " + s.type());
        }
        return PendingEntry.ready(entry(s, 0, List.of()));
    }

    /** Hands the files batched so far to a reader. */
    private void submitReads(Workers<FileChunker> readers) {
        if (toRead.isEmpty()) {
            return;
        }
        List<PendingEntry> batch = List.copyOf(toRead);
        toRead.clear();
        toReadBytes = 0;
        readers.submit(chunker -> {
            for (PendingEntry e : batch) {
                chunker.chunk(e);
            }
        });
    }

    /**
     * Writes the done entries at the head of {@code waiting} to the tree, in walk order, and waits for
     * the head while more than {@code keep} entries wait. A file a reader left out is counted as a
     * warning (unless it merely vanished) and not written.
     */
    private void writeDone(Deque<PendingEntry> waiting, TreeBuilder tree, Workers<FileChunker> readers, int keep) {
        while (!waiting.isEmpty()) {
            PendingEntry head = waiting.peek();
            if (!head.done()) {
                if (waiting.size() <= keep) {
                    return;
                }
                submitReads(readers); // the head may still be in the batch
                awaitHead(head, readers);
            }
            waiting.poll();
            if (head.failure() != null) {
                throw head.failure();
            }
            TreeEntry e = head.entry();
            if (e == null) {
                if (head.warning() != null) {
                    warnings.add(head.source().path(), head.warning());
                }
                continue;
            }
            if (head.wasRead()) {
                files++;
                filesRead++;
                bytes += e.size();
            }
            tree.add(e);
        }
    }

    /** Waits for a reader to finish {@code head} (readers keep the lock fresh); fails when a reader failed. */
    private void awaitHead(PendingEntry head, Workers<FileChunker> readers) {
        try {
            while (!head.await(200)) {
                readers.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.INTERNAL, "interrupted while reading the backup source", e);
        }
    }

    private static TreeEntry entry(SourceEntry s, long size, List<ChunkId> chunks) {
        return new TreeEntry(s.path(), s.type(), s.mode(), s.uid(), s.gid(), s.mtimeNanos(), s.ctimeNanos(), size,
                s.inode(), s.device(), s.target(), chunks);
    }

    /** Indexes the packs stored before a failure, so the next run reuses them instead of storing them again. */
    private static RuntimeException indexThenFail(IndexCollector collector, RuntimeException failure) {
        try {
            collector.flush();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** Reuse needs every chunk still indexed: a damaged index must not carry a loss into new snapshots. */
    private static boolean allStored(List<ChunkId> ids, Packer packer) {
        for (ChunkId id : ids) {
            if (!packer.has(id)) {
                return false;
            }
        }
        return true;
    }

    private Snapshot parent(SnapshotStore snapshots) {
        try {
            return snapshots.latest().orElse(null);
        } catch (BackupException e) {
            warnings.add("", "newest snapshot is unreadable, reading every file: " + e.getMessage());
            return null;
        }
    }

    /** Now, but never before the parent: snapshot ids sort by time even when node clocks disagree. */
    private Instant snapshotTime(Snapshot parent) {
        Instant now = options.clock().instant();
        if (parent != null && !now.isAfter(parent.time())) {
            return parent.time().plusMillis(1);
        }
        return now;
    }
}
