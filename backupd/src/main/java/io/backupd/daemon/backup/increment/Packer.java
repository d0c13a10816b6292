package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the blobs the repository lacks, compresses them into packs and stores the packs, on its own
 * threads, while the callers go on reading, cutting and hashing. New blobs travel in batches (a few
 * MiB each) through a bounded pool, so memory is fixed (pool × batch size + one pack per thread) and
 * the readers are held back when packing falls behind. Each thread fills its own packs; a pack is
 * stored when it reaches the target size and then handed to the {@link IndexCollector}. Tree blobs go
 * to separate packs from file data.
 *
 * <p>A blob is new unless the index loaded at the start has it or this run already took it (a set
 * shared under a lock); only new blobs are copied. {@link #add} and {@link #has} may be called from
 * several producer threads at once; {@link #finish()} and {@link #close()} from one, after the
 * producers stopped. A failure on a packing thread is rethrown to a producer at its next call;
 * {@link #close()} without {@link #finish()} abandons pending blobs.
 */
final class Packer implements AutoCloseable {
    private static final Batch POISON = new Batch(0);

    private final RepositoryStorage storage;
    private final IndexCollector index;
    private final ChunkIndex known;
    private final ChunkIdSet taken = new ChunkIdSet();
    private final PackWriter tree;
    private final Object producing = new Object();
    private final int packTarget;
    private final int maxBlob;
    private final int level;
    private final BlockingQueue<Batch> free;
    private final BlockingQueue<Batch> full;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong rawBytes = new AtomicLong();
    private final AtomicLong blobs = new AtomicLong();
    private final AtomicLong packs = new AtomicLong();
    private volatile boolean abandoned;
    private boolean finished;
    private Batch current;

    Packer(RepositoryStorage storage, IndexCollector index, ChunkIndex known, int threadCount, int packTarget,
           int maxBlob, int level) {
        this.storage = storage;
        this.index = index;
        this.known = known;
        this.packTarget = packTarget;
        this.maxBlob = maxBlob;
        this.tree = new PackWriter(packTarget, maxBlob);
        this.level = level;
        int batches = threadCount + 2;
        this.free = new ArrayBlockingQueue<>(batches);
        this.full = new ArrayBlockingQueue<>(batches + threadCount);
        int batchSize = Math.max(maxBlob, 4 << 20);
        for (int i = 0; i < batches; i++) {
            free.add(new Batch(batchSize));
        }
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::pack, "increment-packer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Queues the blob {@code id} (the SHA-256 of the bytes) for storing unless the repository has it or
     * this run took it already; true when it was new. The bytes are copied before this returns.
     */
    boolean add(ChunkId id, BlobType type, byte[] b, int off, int len) {
        rethrowFailure();
        if (!isNew(id)) {
            return false;
        }
        synchronized (producing) {
            if (current == null) {
                current = take();
            }
            if (!current.fits(len)) {
                put(current);
                current = take();
            }
            current.add(id, type, b, off, len);
        }
        return true;
    }

    /** True when {@code id} can be referenced without storing it: indexed, or taken by this run. */
    boolean has(ChunkId id) {
        if (known.contains(id)) {
            return true;
        }
        synchronized (taken) {
            return taken.contains(id);
        }
    }

    /** Packs and stores everything queued, waits for the threads, and rethrows their first failure. */
    void finish() {
        synchronized (producing) {
            if (current != null && current.count > 0) {
                put(current);
            }
            current = null;
        }
        stopThreads();
        finished = true;
        rethrowFailure();
        if (!tree.isEmpty()) {
            store(tree);
        }
    }

    long storedBytes() {
        return storedBytes.get();
    }

    long rawBytes() {
        return rawBytes.get();
    }

    long blobs() {
        return blobs.get();
    }

    long packs() {
        return packs.get();
    }

    @Override
    public void close() {
        if (!finished) {
            abandoned = true;
            stopThreads();
            finished = true;
        }
    }

    private void pack() {
        PackWriter data = new PackWriter(packTarget, maxBlob);
        try (BlobCodec codec = new BlobCodec(level)) {
            while (true) {
                Batch batch = full.take();
                if (batch == POISON) {
                    break;
                }
                try {
                    if (failure.get() == null && !abandoned) {
                        for (int i = 0; i < batch.count; i++) {
                            if (batch.types[i] == BlobType.TREE) {
                                addTree(batch.ids[i], batch.data, batch.offsets[i], batch.lengths[i], codec);
                            } else {
                                data.add(batch.ids[i], BlobType.DATA, batch.data, batch.offsets[i], batch.lengths[i],
                                        codec);
                                if (data.isFull()) {
                                    store(data);
                                }
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    batch.clear();
                    free.put(batch);
                }
            }
            if (failure.get() == null && !abandoned && !data.isEmpty()) {
                store(data);
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /**
     * Tree blobs get packs of their own, one shared by all threads (trees are small, so the lock is
     * cheap and a run leaves one small tree pack, not one per thread): listing and the next backup's
     * parent tree read only those, and a lost data pack leaves the file tree readable, so check can
     * name the files affected.
     */
    private void addTree(ChunkId id, byte[] b, int off, int len, BlobCodec codec) {
        synchronized (tree) {
            tree.add(id, BlobType.TREE, b, off, len, codec);
            if (tree.isFull()) {
                store(tree);
            }
        }
    }

    private boolean isNew(ChunkId id) {
        if (known.contains(id)) {
            return false;
        }
        synchronized (taken) {
            return taken.add(id);
        }
    }

    private void store(PackWriter writer) {
        PackWriter.FinishedPack pack = writer.finish();
        storage.put(RepositoryLayout.packKey(pack.id()), new ByteArrayInputStream(pack.bytes(), 0, pack.length()),
                pack.length());
        index.packStored(pack.id(), pack.entries());
        storedBytes.addAndGet(pack.storedBytes());
        rawBytes.addAndGet(pack.rawBytes());
        blobs.addAndGet(pack.entries().size());
        packs.incrementAndGet();
        writer.reset();
    }

    private Batch take() {
        try {
            Batch b = free.take();
            rethrowFailure();
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.INTERNAL, "interrupted while packing", e);
        }
    }

    private void put(Batch b) {
        try {
            full.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.INTERNAL, "interrupted while packing", e);
        }
    }

    private void stopThreads() {
        for (int i = 0; i < threads.size(); i++) {
            put(POISON);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupException(ErrorCode.INTERNAL, "interrupted while packing", e);
            }
        }
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t instanceof BackupException b) {
            throw b;
        }
        if (t != null) {
            throw new BackupException(ErrorCode.INTERNAL, "packing failed: " + t, t);
        }
    }

    /** Several blobs in one reused buffer: one queue hand-off per few MiB instead of one per blob. */
    private static final class Batch {
        private static final int MAX_BLOBS = 1024;
        final byte[] data;
        final ChunkId[] ids = new ChunkId[MAX_BLOBS];
        final BlobType[] types = new BlobType[MAX_BLOBS];
        final int[] offsets = new int[MAX_BLOBS];
        final int[] lengths = new int[MAX_BLOBS];
        int count;
        int used;

        Batch(int size) {
            this.data = new byte[size];
        }

        boolean fits(int len) {
            return count < MAX_BLOBS && data.length - used >= len;
        }

        void add(ChunkId id, BlobType type, byte[] b, int off, int len) {
            System.arraycopy(b, off, data, used, len);
            ids[count] = id;
            types[count] = type;
            offsets[count] = used;
            lengths[count] = len;
            count++;
            used += len;
        }

        void clear() {
            java.util.Arrays.fill(ids, 0, count, null);
            count = 0;
            used = 0;
        }
    }
}
