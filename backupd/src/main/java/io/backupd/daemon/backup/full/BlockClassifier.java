package io.backupd.daemon.backup.full;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decides, per 4 KiB chunk of a block, how the block's deflate stream should code it, so that
 * CPU is spent only where deflate's string matching pays.
 *
 * <p>Two cheap measurements per chunk (measured: 0.5 ms per MiB of text, which stops early,
 * 2 ms per MiB of data it does not deflate; zlib level 6 spends 25–40 ms per MiB):
 * <ul>
 *   <li>the share of positions whose next 8 bytes also start at a remembered position within
 *       the previous 32 KiB (deflate's window). Eight bytes, not deflate's three, because short
 *       matches are common in any low-alphabet data yet cost as many bits as the literals they
 *       replace; long ones are what make text and records compress;</li>
 *   <li>the order-0 entropy of the chunk's bytes, which is what Huffman coding alone achieves.</li>
 * </ul>
 * Chunks where at least 2 % of positions repeat are {@link Mode#DEFLATE}d at the stream's
 * level. Otherwise a chunk whose entropy is within 3 % of 8 bits is {@link Mode#STORE}d
 * (random, encrypted, already compressed data: deflate gains nothing, and zlib would emit a
 * stored block anyway after spending full CPU), and the rest is {@link Mode#HUFFMAN} coded
 * (skewed but unstructured bytes: zlib's lazy matching is slow on them and, measured on
 * 16-symbol random data, its output is 11 % larger than Huffman coding alone).
 * Runs shorter than {@link #MIN_RUN_CHUNKS} chunks fall back to {@code DEFLATE} so that the
 * stream does not end a deflate block on every chunk.
 *
 * <p>Blind spot, by design: a repeat farther than 32 KiB back or in another block is invisible
 * to it, as it is to deflate. Not thread-safe: one instance per worker (it keeps scratch tables).
 */
final class BlockClassifier {

    /** How a run of bytes is coded inside a member's deflate stream. */
    enum Mode { DEFLATE, HUFFMAN, STORE }

    static final int CHUNK = 4096;
    static final int MIN_RUN_CHUNKS = 4;
    /** Below this many bits per byte Huffman coding saves at least 3 %. */
    static final double STORE_ENTROPY_BITS = 7.76;
    /** Share of probes with an 8-byte repeat above which string matching is worth its CPU. */
    static final double DEFLATE_REPEAT_SHARE = 0.02;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int WINDOW = 32 * 1024;
    private static final int HASH_BITS = 13;
    private static final int REMEMBER_STEP = 4;
    /** A position so far back that it is never within the window. */
    private static final int NEVER = Integer.MIN_VALUE / 2;
    private static final double[] N_LOG2_N = nLog2n(CHUNK);

    private final long[] recentValues = new long[1 << HASH_BITS];
    private final int[] recentPositions = new int[1 << HASH_BITS];
    private final int[] histogram = new int[256];

    /**
     * Classifies {@code data[0, length)}; returns one mode per chunk (the last chunk may be short),
     * already smoothed. The result array is freshly allocated and small (256 entries per MiB).
     */
    Mode[] classify(byte[] data, int length) {
        int chunks = (length + CHUNK - 1) / CHUNK;
        Mode[] modes = new Mode[chunks];
        Arrays.fill(recentPositions, NEVER); // repeats are looked for within this block only
        for (int c = 0; c < chunks; c++) {
            int from = c * CHUNK;
            int to = Math.min(length, from + CHUNK);
            modes[c] = classifyChunk(data, from, to, length);
        }
        smooth(modes);
        return modes;
    }

    private Mode classifyChunk(byte[] data, int from, int to, int limit) {
        if (hasLongRepeats(data, from, to, limit)) {
            return Mode.DEFLATE;
        }
        return entropyBits(data, from, to) >= STORE_ENTROPY_BITS ? Mode.STORE : Mode.HUFFMAN;
    }

    /**
     * Whether at least {@link #DEFLATE_REPEAT_SHARE} of the positions in [from, to) start 8 bytes
     * (not reaching past {@code limit}) that also start at a remembered position within the window.
     * Stops at the first position where the answer is known to be yes, so text costs a few
     * hundred probes per chunk; only chunks without repeats are probed in full.
     */
    boolean hasLongRepeats(byte[] data, int from, int to, int limit) {
        int last = Math.min(to, limit - Long.BYTES + 1);
        if (last - from < 64) {
            return true; // too short to judge: let deflate decide
        }
        int needed = (int) Math.ceil(DEFLATE_REPEAT_SHARE * (to - from));
        int hits = 0;
        long[] values = recentValues;
        int[] positions = recentPositions;
        for (int p = from; p < last; p++) {
            long v = (long) LONG_LE.get(data, p);
            int h = (int) ((v * 0x9E3779B97F4A7C15L) >>> (64 - HASH_BITS));
            // the table keeps the 8 bytes themselves: comparing them needs no second, random
            // read of the block, which made this loop several times slower
            if (values[h] == v && p - positions[h] <= WINDOW && ++hits >= needed) {
                return true;
            }
            // remembering every 4th position is enough: probing every position still lines
            // up with a remembered one for any repeat distance
            if ((p & (REMEMBER_STEP - 1)) == 0) {
                values[h] = v;
                positions[h] = p;
            }
        }
        return false;
    }

    /** Order-0 entropy of data[from, to) in bits per byte. */
    double entropyBits(byte[] data, int from, int to) {
        int[] hist = histogram;
        Arrays.fill(hist, 0);
        for (int i = from; i < to; i++) {
            hist[data[i] & 0xFF]++;
        }
        int n = to - from;
        double sum = 0;
        for (int count : hist) {
            sum += N_LOG2_N[count];
        }
        return Math.log(n) / Math.log(2) - sum / n;
    }

    /** Turns runs shorter than MIN_RUN_CHUNKS into DEFLATE, the mode that is never wrong. */
    private static void smooth(Mode[] modes) {
        int start = 0;
        while (start < modes.length) {
            int end = start;
            while (end < modes.length && modes[end] == modes[start]) {
                end++;
            }
            // a short run at the end of the block is kept: nothing follows it to merge with
            if (modes[start] != Mode.DEFLATE && end - start < MIN_RUN_CHUNKS && end < modes.length) {
                Arrays.fill(modes, start, end, Mode.DEFLATE);
            }
            start = end;
        }
    }

    private static double[] nLog2n(int max) {
        double[] t = new double[max + 1];
        for (int n = 1; n <= max; n++) {
            t[n] = n * (Math.log(n) / Math.log(2));
        }
        return t;
    }
}
