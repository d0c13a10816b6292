package io.backupd.daemon.backup.increment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * Reads a file through one reused window (two maximal chunks and a read), cuts it with FastCDC and
 * passes each chunk to the {@link Packer}, which hashes it on its own threads. The window is refilled
 * so that at least a maximal chunk is always available until the end of the file, which makes
 * boundaries independent of read sizes. Not thread-safe: one per reading thread.
 */
final class FileChunker {
    private static final int READ_SIZE = 1 << 20;
    private final FastCdc cdc;
    private final Packer packer;
    private final FileOpener opener;
    private final Runnable heartbeat;
    private final byte[] window;

    /** {@code heartbeat} runs after every chunk: reading one huge file must not let the lock go stale. */
    FileChunker(FastCdc cdc, Packer packer, FileOpener opener, Runnable heartbeat) {
        this.cdc = cdc;
        this.packer = packer;
        this.opener = opener;
        this.heartbeat = heartbeat;
        this.window = new byte[2 * cdc.max() + READ_SIZE];
    }

    /** Reads {@code file}, adding a slot to {@code entry} per chunk; returns the bytes read (a file may change size). */
    long chunk(Path file, PendingEntry entry) throws IOException {
        long total = 0;
        int max = cdc.max();
        int start = 0;
        int limit = 0;
        boolean eof = false;
        try (ReadableByteChannel ch = opener.open(file)) {
            while (true) {
                if (!eof && limit - start < max) {
                    System.arraycopy(window, start, window, 0, limit - start);
                    limit -= start;
                    start = 0;
                    while (!eof && limit < window.length) {
                        // reads of at most 1 MiB: the JDK copies through a per-thread native buffer of the read's size
                        int n = ch.read(ByteBuffer.wrap(window, limit, Math.min(READ_SIZE, window.length - limit)));
                        if (n < 0) {
                            eof = true;
                        } else {
                            limit += n;
                        }
                    }
                }
                if (limit == start) {
                    break;
                }
                int len = cdc.cut(window, start, limit - start);
                packer.add(entry.newSlot(), BlobType.DATA, window, start, len);
                heartbeat.run();
                start += len;
                total += len;
            }
        }
        return total;
    }
}
