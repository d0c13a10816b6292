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
 * Gzip compression on several threads, written as a multi-member gzip stream that
 * {@code gzip -d}, {@code tar -xzf} and {@link java.util.zip.GZIPInputStream} read, plus an
 * index of its members ({@link #members()}) with which {@link ParallelGzipInputStream}
 * decompresses on several threads too.
 *
 * <p><b>Design.</b> The stream is cut into blocks of {@code blockSize} bytes (1 MiB by
 * default); each block becomes one complete gzip member, compressed by one of {@code threads}
 * workers and written to the sink in order.
 * <ul>
 *   <li><i>Independent members, no dictionary.</i> pigz keeps one member and primes each
 *       block with the previous block's last 32 KiB, which saves a little but makes every block
 *       depend on the one before: decompression stays serial. Independent members can be
 *       inflated in parallel from the index. The price is 32 KiB of lost context per member:
 *       with 1 MiB blocks, measured on 53 MB of log text, 0.3 % larger than pigz and still
 *       0.1 % smaller than {@code gzip -6} (whose 3 % allowance is thus untouched). A gzip
 *       header cannot carry a preset dictionary anyway: only zlib's format has FDICT.</li>
 *   <li><i>1 MiB blocks.</i> Large enough that the lost context and the 18-byte header and
 *       trailer are noise, small enough that the blocks in flight stay under 20 MiB and
 *       both cores get work on small archives.</li>
 *   <li><i>Spend CPU only where it pays.</i> Each 4 KiB chunk is classified first
 *       ({@link BlockClassifier}): random-looking runs are written as stored deflate blocks,
 *       unstructured low-entropy runs are Huffman-coded only, the rest get zlib at
 *       {@code level}, all inside the member's one deflate stream. Incompressible input costs
 *       about 0.01 % in size and almost no CPU, where gzip spends its full level-6 effort.</li>
 * </ul>
 *
 * <p><b>Threads and memory.</b> Not safe for concurrent writers, like any OutputStream; the
 * workers are its own. At most {@code 4 × threads} blocks are compressing or waiting to be
 * written; a writer that gets ahead blocks until the oldest is written, so memory stays near
 * {@code (4 × threads + 1) × 2 × blockSize} (about 19 MiB for two threads), and a slow sink
 * slows the writer. The sink is written only from the writer's thread.
 *
 * <p><b>Errors.</b> A failure of a worker or of the sink is thrown, as an IOException naming
 * the block's uncompressed offset, from the next {@code write}, {@code flush} or
 * {@code close}; after that every call fails the same way. {@code close()} always stops the
 * workers, frees zlib memory and closes the sink, and is idempotent.
 */
public final class ParallelGzipOutputStream extends IndexedOutputStream {

    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    public static final int DEFAULT_LEVEL = 6;
    static final int MIN_BLOCK_SIZE = 1024;
    /**
     * Blocks compressing or compressed-but-unwritten, per worker. Two would keep the workers
     * busy on an idle machine; four let them ride out the writer thread being descheduled or
     * stalled on a slow read, which on a busy node costs more than the extra 2 MiB per block.
     */
    static final int IN_FLIGHT_PER_THREAD = 4;

    private final OutputStream sink;
    private final int blockSize;
    private final int maxInFlight;
    private final ExecutorService workers;
    private final List<BlockEncoder> encoders = new ArrayList<>();
    private final BlockingQueue<BlockEncoder> idleEncoders;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Block> spareBlocks = new ArrayDeque<>();
    private final List<GzipMember> members = new ArrayList<>();

    private Block current;
    private long uncompressedOffset;
    private long compressedOffset;
    private final StickyFailure failure = new StickyFailure();
    private boolean closed;
    private boolean finished;

    /** Level 6, 1 MiB blocks, one worker per available processor. */
    public ParallelGzipOutputStream(OutputStream sink) {
        this(sink, Runtime.getRuntime().availableProcessors(), DEFAULT_BLOCK_SIZE, DEFAULT_LEVEL);
    }

    /**
     * @param threads   compressing workers, at least 1
     * @param blockSize uncompressed bytes per member, at least 1 KiB and at most
     *                  {@link GzipMember#MAX_UNCOMPRESSED_LENGTH}
     * @param level     zlib level 0..9 for the runs worth compressing
     */
    public ParallelGzipOutputStream(OutputStream sink, int threads, int blockSize, int level) {
        this(sink, threads, blockSize, gzipEncoders(level));
    }

    private static Supplier<BlockEncoder> gzipEncoders(int level) {
        // checked here, before the constructor starts any thread
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, got " + level);
        }
        return () -> new GzipMemberEncoder(level);
    }

    /** For tests: any encoder, e.g. one that fails. */
    ParallelGzipOutputStream(OutputStream sink, int threads, int blockSize, Supplier<BlockEncoder> newEncoder) {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > GzipMember.MAX_UNCOMPRESSED_LENGTH) {
            throw new IllegalArgumentException("blockSize must be " + MIN_BLOCK_SIZE + ".."
                    + GzipMember.MAX_UNCOMPRESSED_LENGTH + ", got " + blockSize);
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        this.blockSize = blockSize;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.maxInFlight = IN_FLIGHT_PER_THREAD * threads;
        this.idleEncoders = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            BlockEncoder encoder = newEncoder.get();
            encoders.add(encoder);
            idleEncoders.add(encoder);
        }
        this.current = new Block(blockSize);
        this.workers = WorkerThreads.start("gzip-deflate", threads); // last: nothing after it can fail
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
                // an empty stream still gets one (empty) member: gzip -d rejects a 0-byte file
                if (current.length > 0 || members.isEmpty() && inFlight.isEmpty()) {
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
        members.add(new GzipMember(uncompressedOffset, compressedOffset, block.encodedLength, block.length));
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
            throw new IOException("compressing the gzip block at uncompressed offset " + pending.offset
                    + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing the gzip block at uncompressed offset "
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
