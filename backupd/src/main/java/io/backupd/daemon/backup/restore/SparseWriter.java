package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * Writes a file's content into a new, empty file so that every {@value #BLOCK}-byte block of zeros
 * (aligned to the start of the file) becomes a hole rather than a real block: it is skipped by
 * moving the position, and {@link #finish} sets the length a trailing hole leaves short. A sparse
 * file thus restores taking as little disk as it did (what {@code restic restore --sparse} does),
 * and a file of real zeros takes none. Reading the file gives exactly the bytes written. Not
 * thread-safe; one per file.
 */
public final class SparseWriter {
    /** The file-system block size of ext4, XFS and btrfs by default: a smaller hole saves nothing. */
    static final int BLOCK = 4096;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final SeekableByteChannel channel;
    private final byte[] block = new byte[BLOCK];
    private int filled;
    private long length;
    private long dataBytes;

    /** @param channel a channel on a file just created empty, positioned at 0 */
    public SparseWriter(SeekableByteChannel channel) {
        this.channel = channel;
    }

    public void write(byte[] buf, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            if (filled == 0 && end - off >= BLOCK) {
                emit(buf, off);
                off += BLOCK;
                continue;
            }
            int n = Math.min(BLOCK - filled, end - off);
            System.arraycopy(buf, off, block, filled, n);
            filled += n;
            off += n;
            if (filled == BLOCK) {
                emit(block, 0);
                filled = 0;
            }
        }
    }

    /** Writes what is left and gives the file its full length; returns the bytes written in all. */
    public long finish() throws IOException {
        if (filled > 0) {
            writeAt(block, 0, filled);
            filled = 0;
        }
        if (channel.size() < length) {
            // a trailing hole: one real zero byte at the end gives the file its length
            writeAt(ZEROS, 0, 1, length - 1);
        }
        return length;
    }

    /** The bytes really written so far, holes left out: what the file takes on disk. */
    public long dataBytes() {
        return dataBytes;
    }

    private void emit(byte[] buf, int off) throws IOException {
        if (Arrays.equals(buf, off, off + BLOCK, ZEROS, 0, BLOCK)) {
            length += BLOCK;
        } else {
            writeAt(buf, off, BLOCK);
        }
    }

    private void writeAt(byte[] buf, int off, int len) throws IOException {
        writeAt(buf, off, len, length);
        length += len;
    }

    private void writeAt(byte[] buf, int off, int len, long position) throws IOException {
        channel.position(position);
        dataBytes += len;
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
    }
}
