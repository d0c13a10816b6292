package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A snapshot's entries, read one by one from its tree blobs: the blobs are fetched (and verified)
 * lazily as the JSON parser consumes them, so memory stays at one tree blob however large the tree.
 * Not thread-safe. A damaged tree blob surfaces as {@link ChunkUnavailableException}, a malformed entry
 * as STORAGE_FAILED naming the snapshot. Takes ownership of the reader and closes it.
 */
final class TreeStream implements AutoCloseable {
    private final String snapshot;
    private final BlobReader reader;
    private final TreeCodec.Reader parser;

    TreeStream(String snapshot, BlobReader reader, List<ChunkId> blobs) {
        this.snapshot = snapshot;
        this.reader = reader;
        try {
            this.parser = new TreeCodec.Reader(new BlobsInputStream(reader, blobs));
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(e);
        }
    }

    /** The next entry in {@link PathOrder}, or null after the last. */
    TreeEntry next() {
        try {
            return parser.next();
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(e);
        }
    }

    private BackupException malformed(Exception e) {
        return new BackupException(ErrorCode.STORAGE_FAILED,
                "the file tree of snapshot " + snapshot + " is malformed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // nothing to flush on a reader
        }
        reader.close();
    }

    /** The concatenated plain bytes of a list of blobs. */
    private static final class BlobsInputStream extends InputStream {
        private final BlobReader reader;
        private final List<ChunkId> blobs;
        private int next;
        private int pos;
        private int limit;

        BlobsInputStream(BlobReader reader, List<ChunkId> blobs) {
            this.reader = reader;
            this.blobs = blobs;
        }

        @Override
        public int read() {
            return fill() ? reader.buffer()[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(reader.buffer(), pos, b, off, n);
            pos += n;
            return n;
        }

        /** Makes a byte available, reading the next blob when the current one is used up; false at the end. */
        private boolean fill() {
            while (pos == limit) {
                if (next == blobs.size()) {
                    return false;
                }
                limit = reader.read(blobs.get(next++));
                pos = 0;
            }
            return true;
        }
    }
}
