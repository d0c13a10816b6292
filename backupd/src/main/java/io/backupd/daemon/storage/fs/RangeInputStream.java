package io.backupd.daemon.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * At most {@code length} bytes of a file from {@code offset}, by positional reads: the channel's own
 * position is never used, and nothing before {@code offset} is read. Closing closes the channel.
 * Used by one thread; the file storage and the incremental repository's file storage both read
 * ranges through it.
 */
public final class RangeInputStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    public RangeInputStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        // at most 1 MiB per call: the JDK reads through a per-thread native buffer of the call's size
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(Math.min(len, remaining), 1 << 20)), position);
        if (n < 0) {
            remaining = 0; // past the end of the file: a short range, as the contract says
            return -1;
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
