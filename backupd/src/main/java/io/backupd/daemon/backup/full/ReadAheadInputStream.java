package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a background thread into a bounded queue of buffers, so that a source
 * that works on the reading thread (zstd or sequential gzip decompression) runs alongside the
 * consumer (tar, writing files) instead of in turn with it: what the pipe in
 * {@code zstd -dc | tar -x} gives the command line.
 *
 * <p>Not safe for concurrent readers. Memory: {@code buffers + 2} buffers of
 * {@code bufferSize}. A failure of the source is thrown, in order, after the bytes read
 * before it: an IOException wrapped in a new one (the reader's stack on top, the source's
 * below), an unchecked one as it is, so that e.g. a CancellationException from the source
 * still reads as a cancellation to the caller. {@code close()} stops the thread and closes
 * the source.
 */
final class ReadAheadInputStream extends InputStream {

    private final InputStream source;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> empty;
    private final Thread reader;
    private final byte[] one = new byte[1];
    private Chunk current;
    private int pos;
    private boolean atEnd;
    private boolean closed;

    /** A filled buffer, or the end of input ({@code length < 0}), or a failure. */
    private record Chunk(byte[] bytes, int length, Exception failure) {
    }

    ReadAheadInputStream(InputStream source, int bufferSize, int buffers, String threadName) {
        this.source = Objects.requireNonNull(source, "source");
        this.filled = new ArrayBlockingQueue<>(buffers + 2);
        this.empty = new ArrayBlockingQueue<>(buffers + 2);
        for (int i = 0; i < buffers + 1; i++) {
            empty.add(new byte[bufferSize]);
        }
        this.reader = new Thread(this::fill, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == current.length) {
            if (atEnd) {
                return -1;
            }
            next();
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - pos;
    }

    private void next() throws IOException {
        if (current != null) {
            empty.add(current.bytes);
            current = null;
        }
        Chunk chunk;
        try {
            chunk = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the background reader");
        }
        if (chunk.failure != null) {
            atEnd = true;
            if (chunk.failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IOException(chunk.failure.getMessage(), chunk.failure);
        }
        if (chunk.length < 0) {
            atEnd = true;
            return;
        }
        current = chunk;
        pos = 0;
    }

    private void fill() {
        try {
            while (true) {
                byte[] buffer = empty.take();
                int n;
                try {
                    n = source.readNBytes(buffer, 0, buffer.length);
                } catch (IOException | RuntimeException e) {
                    filled.put(new Chunk(null, -1, e));
                    return;
                }
                if (n > 0) {
                    filled.put(new Chunk(buffer, n, null));
                }
                if (n < buffer.length) {
                    filled.put(new Chunk(null, -1, null));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() stopped us
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
