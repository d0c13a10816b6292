package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one blob at a time by id: a ranged read of its pack, decompression, and a SHA-256 check
 * against the id, so nothing damaged is ever handed on. Reuses its buffers and codec: one instance per
 * thread, not thread-safe. The plain bytes are valid in {@link #buffer()} until the next read.
 */
final class BlobReader implements AutoCloseable {
    private final RepositoryStorage storage;
    private final ChunkIndex index;
    private final int readAhead;
    private final BlobCodec codec = new BlobCodec(1);
    private byte[] stored = new byte[1 << 16];
    private byte[] plain = new byte[1 << 16];
    private byte[] window;
    private String windowPack;
    private long windowStart;
    private int windowLength;

    BlobReader(RepositoryStorage storage, ChunkIndex index) {
        this(storage, index, 0);
    }

    /**
     * With {@code readAhead > 0}, a blob smaller than half of it is served from a window of that many
     * bytes of its pack, read at once: a restore walks files in the order a backup packed them, so
     * small files' blobs lie side by side and one read serves dozens of them.
     */
    BlobReader(RepositoryStorage storage, ChunkIndex index, int readAhead) {
        this.storage = storage;
        this.index = index;
        this.readAhead = readAhead;
        this.window = readAhead > 0 ? new byte[readAhead] : null;
    }

    byte[] buffer() {
        return plain;
    }

    /** Reads and verifies {@code id}; returns its plain length in {@link #buffer()}. */
    int read(ChunkId id) {
        ChunkIndex.Location where = index.find(id);
        if (where == null) {
            throw new ChunkUnavailableException(id, true, "no index entry");
        }
        BlobEntry e = where.blob();
        boolean raw = e.compression() == Compression.NONE;
        if (raw && e.length() != e.rawLength()) {
            throw new ChunkUnavailableException(id, false, "stored raw but lengths differ in the index");
        }
        if (readAhead > 0 && e.length() <= readAhead / 2) {
            if (!windowHolds(where.pack(), e)) {
                windowLength = read(where.pack(), id, e.offset(), readAhead, window, false);
                windowPack = where.pack();
                windowStart = e.offset();
            }
            if (!windowHolds(where.pack(), e)) {
                throw new ChunkUnavailableException(id, false, "pack " + where.pack() + " is truncated");
            }
            return verify(e, window, (int) (e.offset() - windowStart), where.pack());
        }
        byte[] target = raw ? plainBuffer(e.rawLength()) : storedBuffer(e.length());
        read(where.pack(), id, e.offset(), e.length(), target, true);
        return verify(e, target, 0, where.pack());
    }

    private boolean windowHolds(String pack, BlobEntry e) {
        return pack.equals(windowPack) && e.offset() >= windowStart
                && e.offset() + (long) e.length() <= windowStart + windowLength;
    }

    /** Reads up to {@code length} bytes of a pack; with {@code exact}, fewer is damage. */
    private int read(String pack, ChunkId id, long offset, int length, byte[] into, boolean exact) {
        try (InputStream in = storage.open(RepositoryLayout.packKey(pack), offset, length)) {
            int n = in.readNBytes(into, 0, length);
            if (exact && n != length) {
                throw new ChunkUnavailableException(id, false, "pack " + pack + " is truncated");
            }
            return n;
        } catch (BackupException ex) {
            if (ex.code() == ErrorCode.NOT_FOUND) {
                throw new ChunkUnavailableException(id, true, "pack " + pack + " does not exist");
            }
            throw ex;
        } catch (IOException ex) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read pack " + pack + ": " + ex, ex);
        }
    }

    /**
     * Verifies a blob whose stored bytes are already in memory ({@code src[off, off + length)}, e.g. a
     * whole pack being checked); returns its plain length in {@link #buffer()}.
     */
    int verify(BlobEntry e, byte[] src, int off, String pack) {
        if (e.compression() == Compression.ZSTD) {
            byte[] out = plainBuffer(e.rawLength());
            if (!codec.decompress(src, off, e.length(), out, e.rawLength())) {
                throw new ChunkUnavailableException(e.id(), false, "zstd frame in pack " + pack + " does not decode");
            }
        } else if (src != plain) {
            System.arraycopy(src, off, plainBuffer(e.rawLength()), 0, e.rawLength());
        }
        if (!codec.hash(plain, 0, e.rawLength()).equals(e.id())) {
            throw new ChunkUnavailableException(e.id(), false, "content in pack " + pack + " does not match its SHA-256");
        }
        return e.rawLength();
    }

    private byte[] storedBuffer(int n) {
        if (stored.length < n) {
            stored = new byte[Math.max(n, stored.length * 2)];
        }
        return stored;
    }

    private byte[] plainBuffer(int n) {
        if (plain.length < n) {
            plain = new byte[Math.max(n, plain.length * 2)];
        }
        return plain;
    }

    @Override
    public void close() {
        codec.close();
    }
}
