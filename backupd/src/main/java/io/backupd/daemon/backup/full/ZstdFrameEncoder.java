package io.backupd.daemon.backup.full;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;

/**
 * Encodes a block as one complete zstd frame, with the content size and a content checksum in
 * it as the {@code zstd} CLI writes them, so {@code zstd -d} and {@code tar --zstd} check each
 * frame. Not thread-safe: one instance per worker, reusing its native context for every block;
 * {@link #close()} frees it.
 */
final class ZstdFrameEncoder implements BlockEncoder {

    private final ZstdCompressCtx ctx = new ZstdCompressCtx();

    /** @param level zstd level, 1..19 in practice (negative levels are zstd's fast modes) */
    ZstdFrameEncoder(int level) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            ctx.close();
            throw new IllegalArgumentException("zstd level must be " + Zstd.minCompressionLevel() + ".."
                    + Zstd.maxCompressionLevel() + ", got " + level);
        }
        ctx.setLevel(level);
        ctx.setChecksum(true);
        ctx.setContentSize(true);
    }

    @Override
    public void encode(Block block) throws IOException {
        block.encodedLength = 0;
        block.reserve((int) Zstd.compressBound(block.length));
        try {
            block.encodedLength = ctx.compressByteArray(block.encoded, 0, block.encoded.length, block.data, 0,
                    block.length);
        } catch (ZstdException e) {
            throw new IOException("zstd: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ctx.close();
    }
}
