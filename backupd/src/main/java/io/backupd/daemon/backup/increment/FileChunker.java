package io.backupd.daemon.backup.increment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a changed file through one reused window (two maximal chunks and a read), cuts it with
 * FastCDC, hashes each chunk and hands the {@link Packer} only the chunks the repository lacks: the
 * unchanged bulk of a large file costs a read and a hash, never a copy, and where the file still has
 * its parent's chunks ({@link ParentChunks}) not even a cut. The window is refilled so that at least
 * a maximal chunk is always available until the end of the file, which makes boundaries independent
 * of read sizes. Not thread-safe: one per reading thread, several reading threads chunk different
 * files at once.
 */
final class FileChunker implements AutoCloseable {
    private static final int READ_SIZE = 1 << 20;
    private final FastCdc cdc;
    private final Packer packer;
    private final ChunkIndex index;
    private final FileOpener opener;
    private final Runnable heartbeat;
    private final ChunkHasher hasher = new ChunkHasher();
    private final byte[] window;
    private long predictedBytes;

    /**
     * {@code heartbeat} runs after every chunk, on the reading thread: reading one huge file must not
     * let the lock go stale.
     */
    FileChunker(FastCdc cdc, Packer packer, ChunkIndex index, FileOpener opener, Runnable heartbeat) {
        this.cdc = cdc;
        this.packer = packer;
        this.index = index;
        this.opener = opener;
        this.heartbeat = heartbeat;
        this.window = new byte[2 * cdc.max() + READ_SIZE];
    }

    /**
     * Reads {@code entry}'s file and completes the entry with its chunks, or omits it when the file
     * vanished or cannot be read. Any other failure (the packer's) abandons the entry with it and is
     * thrown.
     */
    void chunk(PendingEntry entry) {
        try {
            List<ChunkId> ids = new ArrayList<>();
            long size = chunk(entry.source(), ParentChunks.of(entry.parent(), index, cdc.max()), ids);
            entry.complete(size, ids.isEmpty() ? List.of() : ids);
        } catch (NoSuchFileException e) {
            entry.omit(null); // deleted since it was listed: it is simply not part of this snapshot
        } catch (IOException e) {
            entry.omit("cannot read, left out of the snapshot: " + e);
        } catch (RuntimeException e) {
            entry.abandon(e);
            throw e;
        } catch (Error e) {
            entry.abandon(new IllegalStateException("reading failed: " + e, e));
            throw e;
        }
    }

    /** Bytes taken as predicted parent chunks, without a cut (for tests). */
    long predictedBytes() {
        return predictedBytes;
    }

    private long chunk(SourceEntry file, ParentChunks parent, List<ChunkId> ids) throws IOException {
        long total = 0;
        int max = cdc.max();
        int start = 0;
        int limit = 0;
        boolean eof = false;
        int expected = parent == null ? -1 : 0; // the parent chunk expected to start here, or -1
        try (ReadableByteChannel ch = opener.open(file.file())) {
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
                int len;
                ChunkId id;
                if (parent != null && limit - start >= max && parent.predicts(expected)) {
                    len = parent.length(expected);
                    id = hasher.hash(window, start, len);
                    if (id.equals(parent.id(expected))) {
                        expected++;
                        predictedBytes += len;
                    } else {
                        parent.missed();
                        int cut = cdc.cut(window, start, limit - start);
                        if (cut != len) {
                            len = cut;
                            id = hasher.hash(window, start, len);
                        }
                        expected = parent.after(id);
                    }
                } else {
                    len = cdc.cut(window, start, limit - start);
                    id = hasher.hash(window, start, len);
                    expected = parent == null ? -1 : parent.after(id);
                }
                packer.add(id, BlobType.DATA, window, start, len);
                ids.add(id);
                heartbeat.run();
                start += len;
                total += len;
            }
        }
        return total;
    }

    @Override
    public void close() {
        // nothing native: the window and the digest are plain heap objects
    }
}
