package io.backupd.daemon.backup.increment;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * Hashing and (de)compression of blobs, with the native zstd contexts and the digest reused across
 * calls. One instance per thread: not thread-safe. Close it to free the native contexts.
 */
final class BlobCodec implements AutoCloseable {
    private final ChunkHasher hasher = new ChunkHasher();
    private final ZstdCompressCtx compressor;
    private final ZstdDecompressCtx decompressor;

    BlobCodec(int level) {
        this.compressor = new ZstdCompressCtx().setLevel(level).setChecksum(false).setContentSize(true);
        this.decompressor = new ZstdDecompressCtx();
    }

    ChunkId hash(byte[] b, int off, int len) {
        return hasher.hash(b, off, len);
    }

    /** Room {@link #compress} may need in {@code dst} for {@code len} plain bytes. */
    static int compressBound(int len) {
        return (int) Zstd.compressBound(len);
    }

    /**
     * Compresses into {@code dst} (with at least {@link #compressBound} bytes free) and returns the
     * compressed length, or -1 when compression saves less than 1/64: such blobs are stored raw, which
     * costs nothing to restore.
     */
    int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int n = compressor.compressByteArray(dst, dstOff, dst.length - dstOff, src, off, len);
        return n >= len - (len >> 6) ? -1 : n;
    }

    /** Decompresses exactly {@code rawLength} bytes; false when the frame is damaged or has another length. */
    boolean decompress(byte[] src, int off, int len, byte[] dst, int rawLength) {
        try {
            return decompressor.decompressByteArray(dst, 0, rawLength, src, off, len) == rawLength;
        } catch (ZstdException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    @Override
    public void close() {
        compressor.close();
        decompressor.close();
    }
}
