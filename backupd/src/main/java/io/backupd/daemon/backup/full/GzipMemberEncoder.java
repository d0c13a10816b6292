package io.backupd.daemon.backup.full;

import io.backupd.daemon.backup.full.BlockClassifier.Mode;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes a block as one gzip member (RFC 1952: 10-byte header, raw deflate, CRC32, ISIZE),
 * coding each run of the block the way {@link BlockClassifier} chose: zlib at the stream's
 * level, zlib Huffman-only, or zlib level 0 (stored blocks). All three stay inside one deflate
 * stream, so any inflater reads the member, and a run can still refer back into the runs
 * before it.
 *
 * <p>Not thread-safe: one instance per worker thread, reused for every block that worker
 * encodes (a Deflater is costly to create). {@link #close()} frees zlib's native memory.
 */
final class GzipMemberEncoder implements BlockEncoder {

    /** Magic, CM=deflate, no flags, MTIME=0 (unknown; keeps output reproducible), XFL=0, OS=Unix. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    private static final byte[] NO_INPUT = new byte[0];
    /** Room that always suffices for zlib to flush what it holds when its parameters change. */
    private static final int FLUSH_ROOM = 64 * 1024;

    private final int level;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final BlockClassifier classifier = new BlockClassifier();
    private Mode mode = Mode.DEFLATE;

    GzipMemberEncoder(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, got " + level);
        }
        this.level = level;
        this.deflater = new Deflater(level, true);
    }

    @Override
    public void encode(Block block) {
        block.encodedLength = 0;
        block.reserve(HEADER.length);
        System.arraycopy(HEADER, 0, block.encoded, 0, HEADER.length);
        block.encodedLength = HEADER.length;

        deflateRuns(block);
        deflater.finish();
        while (!deflater.finished()) {
            block.reserve(FLUSH_ROOM);
            block.encodedLength += deflater.deflate(block.encoded, block.encodedLength,
                    block.encoded.length - block.encodedLength);
        }
        deflater.reset();

        crc.reset();
        crc.update(block.data, 0, block.length);
        block.reserve(8);
        putIntLE(block, (int) crc.getValue());
        putIntLE(block, block.length);
    }

    private void deflateRuns(Block block) {
        if (block.length == 0) {
            return;
        }
        if (level == 0) {
            deflateRun(block, 0, block.length);
            return;
        }
        Mode[] modes = classifier.classify(block.data, block.length);
        int start = 0;
        while (start < modes.length) {
            int end = start + 1;
            while (end < modes.length && modes[end] == modes[start]) {
                end++;
            }
            switchTo(modes[start], block);
            int from = start * BlockClassifier.CHUNK;
            deflateRun(block, from, Math.min(block.length, end * BlockClassifier.CHUNK) - from);
            start = end;
        }
    }

    private void deflateRun(Block block, int from, int length) {
        deflater.setInput(block.data, from, length);
        while (!deflater.needsInput()) {
            block.reserve(FLUSH_ROOM);
            block.encodedLength += deflater.deflate(block.encoded, block.encodedLength,
                    block.encoded.length - block.encodedLength, Deflater.NO_FLUSH);
        }
    }

    /**
     * Changes zlib's parameters between runs. zlib applies a change by first flushing what it
     * holds with the old parameters, and it would also code any pending input with them; so the
     * change is applied with no input pending, by a deflate call on empty input, repeated while
     * the flush fills the output.
     */
    private void switchTo(Mode next, Block block) {
        if (next == mode) {
            return;
        }
        switch (next) {
            case DEFLATE -> {
                deflater.setStrategy(Deflater.DEFAULT_STRATEGY);
                deflater.setLevel(level);
            }
            case HUFFMAN -> {
                deflater.setStrategy(Deflater.HUFFMAN_ONLY);
                deflater.setLevel(level);
            }
            case STORE -> {
                deflater.setStrategy(Deflater.DEFAULT_STRATEGY);
                deflater.setLevel(Deflater.NO_COMPRESSION);
            }
        }
        deflater.setInput(NO_INPUT);
        int room;
        int written;
        do {
            block.reserve(FLUSH_ROOM);
            room = block.encoded.length - block.encodedLength;
            written = deflater.deflate(block.encoded, block.encodedLength, room, Deflater.NO_FLUSH);
            block.encodedLength += written;
        } while (written == room);
        mode = next;
    }

    private static void putIntLE(Block block, int value) {
        byte[] out = block.encoded;
        int at = block.encodedLength;
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) (value >>> 16);
        out[at + 3] = (byte) (value >>> 24);
        block.encodedLength = at + 4;
    }

    @Override
    public void close() {
        deflater.end();
    }
}
