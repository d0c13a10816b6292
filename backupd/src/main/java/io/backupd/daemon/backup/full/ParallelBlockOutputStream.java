package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Compression on several threads: the stream is cut into blocks of {@code blockSize} bytes, each
 * block becomes one self-contained member of the format (a gzip member, a zstd frame), encoded
 * by one of {@code threads} workers and written to the sink in order. Formats whose decoders read
 * concatenated members ({@code gzip -d}, {@code zstd -d}) read the result as one stream, and
 * {@link #members()} says where each member is, for decoding on several threads too.
 *
 * <p>Independent members rather than one stream compressed by a threaded library: every core
 * works on its own block with no hand-over on the caller's thread, the memory is the blocks'
 * heap arrays and nothing else, and the members can be decoded in parallel. The price is the
 * context lost at each block's start, which the block size keeps small.
 *
 * <p><b>Threads and memory.</b> Not safe for concurrent writers, like any OutputStream; the
 * workers are its own. At most {@code inFlightPerThread × threads} blocks are compressing or
 * waiting to be written; a writer that gets ahead blocks until the oldest is written, so memory
 * stays near {@code (inFlightPerThread × threads + 1) × 2 × blockSize}, and a slow sink slows
 * the writer. The sink is written only from the writer's thread.
 *
 * <p><b>Errors.</b> A failure of a worker or of the sink is thrown, as an IOException naming
 * the block's uncompressed offset, from the next {@code write}, {@code flush} or
 * {@code close}; after that every call fails the same way. {@code close()} always stops the
 * workers, frees the encoders' native memory and closes the sink, and is idempotent.
 */
abstract class ParallelBlockOutputStream extends IndexedOutputStream {

    static final int MIN_BLOCK_SIZE = 1024;

    private final OutputStream sink;
    private final int blockSize;
    private final int maxInFlight;
    private final ExecutorService workers;
    private final List<BlockEncoder> encoders = new ArrayList<>();
    private final BlockingQueue<BlockEncoder> idleEncoders;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Block> spareBlocks = new ArrayDeque<>();
    private final boolean indexed;
    private final List<GzipMember> members = new ArrayList<>();

    private Block current;
    private long uncompressedOffset;
    private long compressedOffset;
    private final StickyFailure failure = new StickyFailure();
    private boolean closed;
    private boolean finished;

    /**
     * @param threads           compressing workers, at least 1
     * @param blockSize         uncompressed bytes per member, at least 1 KiB and at most
     *                          {@link GzipMember#MAX_UNCOMPRESSED_LENGTH}
     * @param inFlightPerThread blocks compressing or waiting to be written, per worker
     * @param newEncoder        called once per worker, before any thread starts
     * @param threadName        the workers' name prefix
     * @param indexed           whether {@link #members()} lists the members as {@link GzipMember}s;
     *                          if not, it is empty
     */
    ParallelBlockOutputStream(OutputStream sink, int threads, int blockSize, int inFlightPerThread,
                              Supplier<BlockEncoder> newEncoder, String threadName, boolean indexed) {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > GzipMember.MAX_UNCOMPRESSED_LENGTH) {
            throw new IllegalArgumentException("blockSize must be " + MIN_BLOCK_SIZE + ".."
                    + GzipMember.MAX_UNCOMPRESSED_LENGTH + ", got " + blockSize);
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        this.blockSize = blockSize;
        this.indexed = indexed;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.maxInFlight = inFlightPerThread * threads;
        this.idleEncoders = new ArrayBlockingQueue<>(threads);
        try {
            for (int i = 0; i < threads; i++) {
                BlockEncoder encoder = newEncoder.get();
                encoders.add(encoder);
                idleEncoders.add(encoder);
            }
        } catch (RuntimeException | Error e) {
            encoders.forEach(BlockEncoder::close); // their native memory has no other owner yet
            throw e;
        }
        this.current = new Block(blockSize);
        this.workers = WorkerThreads.start(threadName, threads); // last: nothing after it can fail
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        current.data[current.length++] = (byte) b;
        if (current.isFull()) {
            submitCurrent();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, blockSize - current.length);
            System.arraycopy(b, off, current.data, current.length, n);
            current.length += n;
            off += n;
            len -= n;
            if (current.isFull()) {
                submitCurrent();
            }
        }
    }

    /**
     * Writes the members that are already compressed and flushes the sink. Does not cut the
     * current block short: a flush per tar entry would otherwise shrink members to nothing.
     */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        try {
            writeFinishedMembers(false);
            sink.flush();
        } catch (IOException e) {
            throw failure.keep(e);
        }
    }

    /** Compresses what is buffered, writes every member, closes the sink. */
    @Override
    public void close() throws IOException {
        if (closed) {
            if (failure.isSet()) {
                throw failure.again();
            }
            return;
        }
        closed = true;
        boolean failedBefore = failure.isSet();
        try {
            if (!failedBefore) {
                // an empty stream still gets one (empty) member: gzip -d and zstd -d reject a 0-byte file
                if (current.length > 0 || compressedOffset == 0 && inFlight.isEmpty()) {
                    submit(current);
                }
                writeFinishedMembers(true);
                sink.flush();
                finished = true;
            }
        } catch (IOException e) {
            failure.keep(e);
        } finally {
            closeQuietly();
        }
        if (failure.isSet()) {
            throw failedBefore ? failure.again() : failure.first();
        }
    }

    @Override
    public List<GzipMember> members() {
        if (!finished) {
            throw new IllegalStateException("members are known only after a successful close()");
        }
        return List.copyOf(members);
    }

    private void submitCurrent() throws IOException {
        submit(current);
        Block spare = spareBlocks.poll();
        current = spare != null ? spare : new Block(blockSize);
        current.length = 0;
    }

    private void submit(Block block) throws IOException {
        try {
            while (inFlight.size() >= maxInFlight) {
                writeOldest();
            }
            long offset = uncompressedOffset + pendingBytes();
            inFlight.add(new Pending(block, offset, workers.submit(() -> encode(block))));
            writeFinishedMembers(false);
        } catch (IOException e) {
            throw failure.keep(e);
        }
    }

    private Block encode(Block block) throws IOException, InterruptedException {
        BlockEncoder encoder = idleEncoders.take(); // never waits: one encoder per worker
        try {
            encoder.encode(block);
            return block;
        } finally {
            idleEncoders.add(encoder);
        }
    }

    private long pendingBytes() {
        long sum = 0;
        for (Pending p : inFlight) {
            sum += p.block.length;
        }
        return sum;
    }

    private void writeFinishedMembers(boolean wait) throws IOException {
        while (!inFlight.isEmpty() && (wait || inFlight.peek().result.isDone())) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Pending oldest = inFlight.peek();
        Block block = await(oldest);
        sink.write(block.encoded, 0, block.encodedLength);
        if (indexed) {
            members.add(new GzipMember(uncompressedOffset, compressedOffset, block.encodedLength, block.length));
        }
        uncompressedOffset += block.length;
        compressedOffset += block.encodedLength;
        inFlight.poll();
        spareBlocks.add(block);
    }

    private static Block await(Pending pending) throws IOException {
        try {
            return pending.result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("compressing the block at uncompressed offset " + pending.offset
                    + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing the block at uncompressed offset "
                    + pending.offset);
        }
    }

    private void ensureOpen() throws IOException {
        if (failure.isSet()) {
            throw failure.again();
        }
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    private void closeQuietly() {
        WorkerThreads.stop(workers);
        encoders.forEach(BlockEncoder::close);
        inFlight.clear();
        try {
            sink.close();
        } catch (IOException e) {
            failure.keep(e);
        }
    }

    private record Pending(Block block, long offset, Future<Block> result) {
    }
}
