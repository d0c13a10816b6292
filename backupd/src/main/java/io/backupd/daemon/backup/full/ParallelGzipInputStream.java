package io.backupd.daemon.backup.full;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads a multi-member gzip archive written by {@link ParallelGzipOutputStream}, inflating
 * members on several threads ahead of the reader, using the member index recorded when it was
 * written.
 *
 * <p>The caller's thread reads the compressed members from the source in order (so any
 * stream works: a file, an upload being downloaded) and hands each to a worker; up to
 * {@code 4 × threads} members are read ahead, so memory stays near
 * {@code (4 × threads + 1) × (compressed + uncompressed member size)}, under 20 MiB for two
 * threads and 1 MiB members. Bytes come out in order.
 *
 * <p>Each member is checked against its trailer (CRC32, ISIZE) and against the index (its
 * offset in the source, its lengths); any mismatch or a truncated source fails the read with
 * an IOException naming the member by ordinal and both offsets, and bytes after the last
 * indexed member with one naming the offset where archive and index part. After a failure
 * every read fails the same way.
 *
 * <p>With an empty index it inflates the stream sequentially instead, on one background thread
 * that reads up to 4 MiB ahead of the caller: any gzip file, with any number of members, is
 * accepted that way.
 *
 * <p>Not safe for concurrent readers. {@link #close()} stops the workers and closes the source.
 */
public final class ParallelGzipInputStream extends InputStream {

    private final InputStream source;
    private final InputStream sequential;
    private final List<GzipMember> members;
    private final int maxInFlight;
    private final ExecutorService workers;
    private final List<GzipMemberDecoder> decoders = new ArrayList<>();
    private final BlockingQueue<GzipMemberDecoder> idleDecoders;
    private final BufferPool compressedBuffers;
    private final BufferPool plainBuffers;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final byte[] one = new byte[1];

    private int nextMember;
    private int currentMember = -1;
    private long position;
    private byte[] current;
    private int currentPos;
    private int currentLimit;
    private final StickyFailure failure = new StickyFailure();
    private boolean closed;

    /** One worker per available processor. */
    public ParallelGzipInputStream(InputStream source, List<GzipMember> index) {
        this(source, index, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param index   the members as {@link ParallelGzipOutputStream#members()} reported them,
     *                or an empty list to read sequentially
     * @param threads inflating workers, at least 1
     * @throws IllegalArgumentException if the index is not contiguous from offset 0
     */
    public ParallelGzipInputStream(InputStream source, List<GzipMember> index, int threads) {
        this.source = Objects.requireNonNull(source, "source");
        this.members = List.copyOf(index);
        GzipMemberIndex.checkContiguous(members);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.maxInFlight = ParallelGzipOutputStream.IN_FLIGHT_PER_THREAD * threads;
        if (members.isEmpty()) {
            // still one inflater, but on its own thread, so it overlaps with the caller's work
            this.sequential = new ReadAheadInputStream(new SequentialGzipInputStream(source), 1 << 20, 4, "gzip-inflate");
            this.workers = null;
            this.idleDecoders = null;
            this.compressedBuffers = null;
            this.plainBuffers = null;
            return;
        }
        this.sequential = null;
        this.workers = WorkerThreads.start("gzip-inflate", threads);
        this.idleDecoders = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            GzipMemberDecoder decoder = new GzipMemberDecoder();
            decoders.add(decoder);
            idleDecoders.add(decoder);
        }
        int largestCompressed = members.stream().mapToInt(GzipMember::compressedLength).max().orElse(0);
        int largestPlain = members.stream().mapToInt(GzipMember::uncompressedLength).max().orElse(0);
        this.compressedBuffers = new BufferPool(maxInFlight + 1, largestCompressed);
        this.plainBuffers = new BufferPool(maxInFlight + 1, largestPlain);
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (sequential != null) {
            return sequential.read(b, off, len);
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (currentPos == currentLimit) {
                if (!nextDecoded()) {
                    return -1;
                }
            }
        } catch (IOException e) {
            throw failure.keep(e);
        }
        int n = Math.min(len, currentLimit - currentPos);
        System.arraycopy(current, currentPos, b, off, n);
        currentPos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return sequential != null ? sequential.available() : currentLimit - currentPos;
    }

    /** Moves to the next inflated member; false after the last one. */
    private boolean nextDecoded() throws IOException {
        plainBuffers.give(current);
        current = null;
        readAhead();
        Future<byte[]> oldest = inFlight.poll();
        if (oldest == null) {
            if (source.read() >= 0) {
                throw new IOException("archive continues after the last indexed member, at compressed offset "
                        + position + ": the index does not belong to this archive");
            }
            return false;
        }
        currentMember++;
        current = await(oldest);
        currentPos = 0;
        currentLimit = members.get(currentMember).uncompressedLength();
        readAhead();
        return true;
    }

    /** Reads compressed members from the source and starts inflating them, up to the bound. */
    private void readAhead() throws IOException {
        while (inFlight.size() < maxInFlight && nextMember < members.size()) {
            int ordinal = nextMember++;
            GzipMember member = members.get(ordinal);
            byte[] compressed = compressedBuffers.take(member.compressedLength());
            int n = source.readNBytes(compressed, 0, member.compressedLength());
            if (n < member.compressedLength()) {
                throw new EOFException(member.describe(ordinal) + ": archive ends after " + n + " of its "
                        + member.compressedLength() + " bytes");
            }
            position += n;
            inFlight.add(workers.submit(() -> decode(member, ordinal, compressed)));
        }
    }

    private byte[] decode(GzipMember member, int ordinal, byte[] compressed) throws IOException, InterruptedException {
        GzipMemberDecoder decoder = idleDecoders.take(); // never waits: one decoder per worker
        byte[] plain = plainBuffers.take(member.uncompressedLength());
        try {
            decoder.decode(member, ordinal, compressed, plain);
            return plain;
        } finally {
            idleDecoders.add(decoder);
            compressedBuffers.give(compressed);
        }
    }

    private byte[] await(Future<byte[]> result) throws IOException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                // the decoder's message already names the member; keep it as the message
                throw new IOException(io.getMessage(), io);
            }
            throw new IOException(members.get(currentMember).describe(currentMember) + ": inflating failed: "
                    + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while inflating "
                    + members.get(currentMember).describe(currentMember));
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

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (sequential != null) {
            sequential.close();
            return;
        }
        WorkerThreads.stop(workers);
        decoders.forEach(GzipMemberDecoder::close);
        inFlight.clear();
        source.close();
    }
}
