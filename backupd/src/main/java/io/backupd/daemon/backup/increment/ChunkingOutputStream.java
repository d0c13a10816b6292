package io.backupd.daemon.backup.increment;

import java.io.OutputStream;

/**
 * Cuts whatever is written to it into content-defined chunks and hands each to a sink; used for the
 * serialized tree, whose size is not known up front. Buffers at most two maximal chunks. Not
 * thread-safe.
 */
final class ChunkingOutputStream extends OutputStream {
    /** Receives each chunk; the bytes are only valid during the call. */
    interface Sink {
        void chunk(byte[] b, int off, int len);
    }

    private final FastCdc cdc;
    private final Sink sink;
    private final byte[] buf;
    private int start;
    private int limit;

    ChunkingOutputStream(FastCdc cdc, Sink sink) {
        this.cdc = cdc;
        this.sink = sink;
        this.buf = new byte[2 * cdc.max()];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (limit == buf.length) {
                System.arraycopy(buf, start, buf, 0, limit - start);
                limit -= start;
                start = 0;
            }
            int n = Math.min(len, buf.length - limit);
            System.arraycopy(b, off, buf, limit, n);
            limit += n;
            off += n;
            len -= n;
            while (limit - start >= cdc.max()) {
                emit();
            }
        }
    }

    /** Emits the remaining bytes as the last chunk(s). */
    @Override
    public void close() {
        while (limit > start) {
            emit();
        }
    }

    private void emit() {
        int n = cdc.cut(buf, start, limit - start);
        sink.chunk(buf, start, n);
        start += n;
    }
}
