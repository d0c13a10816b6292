package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands writes to a background thread through a bounded queue of buffers, so that a sink that
 * works on the caller's thread (zstd's stream copies and hashes its input there, and waits
 * when its workers are busy) runs alongside the producer (tar, reading files) instead of in
 * turn with it: what the pipe between {@code tar} and {@code zstd} gives the command line.
 *
 * <p>Not safe for concurrent writers. Memory: {@code buffers + 1} buffers of
 * {@code bufferSize}. A failure of the sink is thrown by the next write, flush or close;
 * {@code close()} always stops the thread and closes the sink.
 */
final class WriteBehindOutputStream extends OutputStream {

    private static final byte[] END = new byte[0];

    private final OutputStream sink;
    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<byte[]> empty;
    private final Thread writer;
    private volatile IOException failure;
    private final Object drained = new Object();
    private long handed;
    private long written; // guarded by drained
    private byte[] current;
    private int length;
    private boolean closed;

    private record Chunk(byte[] bytes, int length) {
    }

    WriteBehindOutputStream(OutputStream sink, int bufferSize, int buffers, String threadName) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.full = new ArrayBlockingQueue<>(buffers + 1);
        this.empty = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 0; i < buffers; i++) {
            empty.add(new byte[bufferSize]);
        }
        this.current = new byte[bufferSize];
        this.writer = new Thread(this::drain, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        if (length == current.length) {
            handOver();
        }
        ensureOpen();
        current[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (length == current.length) {
                handOver();
            }
            int n = Math.min(len, current.length - length);
            System.arraycopy(b, off, current, length, n);
            length += n;
            off += n;
            len -= n;
        }
    }

    /** Waits until everything written so far has reached the sink, then flushes it. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (length > 0) {
            handOver();
        }
        awaitDrained();
        ensureOpen();
        sink.flush(); // the writer thread is idle until the next hand-over
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null && length > 0) {
                handOver();
            }
        } finally {
            closed = true;
            put(new Chunk(END, 0));
            joinWriter();
        }
        try {
            sink.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    private void handOver() throws IOException {
        ensureOpen();
        put(new Chunk(current, length));
        handed++;
        try {
            current = empty.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the background writer");
        }
        length = 0;
    }

    private void put(Chunk chunk) throws InterruptedIOException {
        try {
            full.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing data to the background writer");
        }
    }

    private void drain() {
        try {
            while (true) {
                Chunk chunk = full.take();
                if (chunk.bytes == END) {
                    return;
                }
                if (failure == null) {
                    try {
                        sink.write(chunk.bytes, 0, chunk.length);
                    } catch (IOException | RuntimeException e) {
                        failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
                    }
                }
                empty.add(chunk.bytes);
                synchronized (drained) {
                    written++;
                    drained.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            // stopped by close() after its end marker could not be delivered; nothing to hand back
        }
    }

    private void awaitDrained() throws InterruptedIOException {
        synchronized (drained) {
            while (written < handed && failure == null) {
                try {
                    drained.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while flushing");
                }
            }
        }
    }

    private void joinWriter() throws InterruptedIOException {
        try {
            writer.join();
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing");
        }
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
