package io.backupd.daemon.backup.full;

import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Gzip compression on several threads ({@link ParallelBlockOutputStream}), written as a
 * multi-member gzip stream that {@code gzip -d}, {@code tar -xzf} and
 * {@link java.util.zip.GZIPInputStream} read, plus an index of its members ({@link #members()})
 * with which {@link ParallelGzipInputStream} decompresses on several threads too.
 *
 * <ul>
 *   <li><i>Independent members, no dictionary.</i> pigz keeps one member and primes each
 *       block with the previous block's last 32 KiB, which saves a little but makes every block
 *       depend on the one before: decompression stays serial. Independent members can be
 *       inflated in parallel from the index. The price is 32 KiB of lost context per member:
 *       with 1 MiB blocks, measured on 53 MB of log text, 0.3 % larger than pigz and still
 *       0.1 % smaller than {@code gzip -6} (whose 3 % allowance is thus untouched). A gzip
 *       header cannot carry a preset dictionary anyway: only zlib's format has FDICT.</li>
 *   <li><i>1 MiB blocks.</i> Large enough that the lost context and the 18-byte header and
 *       trailer are noise, small enough that the blocks in flight stay under 20 MiB with two
 *       threads and both cores get work on small archives.</li>
 *   <li><i>Spend CPU only where it pays.</i> Each 4 KiB chunk is classified first
 *       ({@link BlockClassifier}): random-looking runs are written as stored deflate blocks,
 *       unstructured low-entropy runs are Huffman-coded only, the rest get zlib at
 *       {@code level}, all inside the member's one deflate stream. Incompressible input costs
 *       about 0.01 % in size and almost no CPU, where gzip spends its full level-6 effort.</li>
 * </ul>
 */
public final class ParallelGzipOutputStream extends ParallelBlockOutputStream {

    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    public static final int DEFAULT_LEVEL = 6;
    /**
     * Blocks compressing or compressed-but-unwritten, per worker. Two would keep the workers
     * busy on an idle machine; four let them ride out the writer thread being descheduled or
     * stalled on a slow read, which on a busy node costs more than the extra 2 MiB per block.
     */
    static final int IN_FLIGHT_PER_THREAD = 4;

    /** Level 6, 1 MiB blocks, one worker per available processor. */
    public ParallelGzipOutputStream(OutputStream sink) {
        this(sink, Runtime.getRuntime().availableProcessors(), DEFAULT_BLOCK_SIZE, DEFAULT_LEVEL);
    }

    /**
     * @param threads   compressing workers, at least 1
     * @param blockSize uncompressed bytes per member, at least 1 KiB and at most
     *                  {@link GzipMember#MAX_UNCOMPRESSED_LENGTH}
     * @param level     zlib level 0..9 for the runs worth compressing
     */
    public ParallelGzipOutputStream(OutputStream sink, int threads, int blockSize, int level) {
        this(sink, threads, blockSize, gzipEncoders(level));
    }

    /** For tests: any encoder, e.g. one that fails. */
    ParallelGzipOutputStream(OutputStream sink, int threads, int blockSize, Supplier<BlockEncoder> newEncoder) {
        super(sink, threads, blockSize, IN_FLIGHT_PER_THREAD, newEncoder, "gzip-deflate", true);
    }

    private static Supplier<BlockEncoder> gzipEncoders(int level) {
        // checked here, before the constructor starts any thread
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, got " + level);
        }
        return () -> new GzipMemberEncoder(level);
    }
}
