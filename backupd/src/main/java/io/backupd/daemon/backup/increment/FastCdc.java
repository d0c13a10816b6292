package io.backupd.daemon.backup.increment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * FastCDC (Xia et al. 2016/2020) with normalized chunking, level 1: gear hash
 * {@code fp = (fp << 1) + GEAR[byte]}, cut-point skipping up to {@code min}, the stricter mask
 * {@code MASKS[bits + 1]} before {@code avg} and the looser {@code MASKS[bits - 1]} after it, a hard
 * cut at {@code max}. Level 1, not the paper's 2: on the benchmark's database files a 4 MiB overwrite
 * re-chunked 15 MB at level 2 (the chunkings took ~10 chunks to fall back into step) and 6.9 MB at
 * level 1, while level 0 spreads chunk sizes more for little further gain. Masks and gear table are those of fastcdc-rs v2020 (gear entry i = first 8
 * bytes, big-endian, of MD5 of byte i repeated 64 times), so boundaries are reproducible by others.
 *
 * <p>Stateless and thread-safe: a boundary depends only on the bytes from the chunk's start.
 */
final class FastCdc {
    /** The name recorded in the repository config; a different algorithm gets a different name. */
    static final String ALGORITHM = "fastcdc-2020-nc1-md5gear";
    private static final int NORMALIZATION = 1;
    private static final long[] MASKS = {
        0, 0, 0, 0, 0,
        0x0000000001804110L, 0x0000000001803110L, 0x0000000018035100L, 0x0000001800035300L,
        0x0000019000353000L, 0x0000590003530000L, 0x0000d90003530000L, 0x0000d90103530000L,
        0x0000d90303530000L, 0x0000d90313530000L, 0x0000d90f03530000L, 0x0000d90303537000L,
        0x0000d90703537000L, 0x0000d90707537000L, 0x0000d91707537000L, 0x0000d91747537000L,
        0x0000d91767537000L, 0x0000d93767537000L, 0x0000d93777537000L, 0x0000d93777577000L,
        0x0000db3777577000L,
    };
    private static final long[] GEAR = gear();

    private final int min;
    private final int avg;
    private final int max;
    private final long maskS;
    private final long maskL;

    FastCdc(ChunkerParams params) {
        this.min = params.min();
        this.avg = params.avg();
        this.max = params.max();
        this.maskS = MASKS[params.bits() + NORMALIZATION];
        this.maskL = MASKS[params.bits() - NORMALIZATION];
    }

    /** Entry {@code b} of the gear table (exposed to pin it to the reference in tests). */
    static long gear(int b) {
        return GEAR[b];
    }

    int max() {
        return max;
    }

    /**
     * The length of the chunk starting at {@code off}, given {@code len} available bytes. The caller
     * passes at least {@code max} bytes unless the data ends sooner, so that boundaries do not depend
     * on how the data was buffered.
     */
    int cut(byte[] b, int off, int len) {
        if (len <= min) {
            return len;
        }
        int n = Math.min(len, max);
        int normal = Math.min(n, avg);
        long[] gear = GEAR;
        long ms = maskS;
        long ml = maskL;
        long fp = 0;
        int i = off + min;
        int normalEnd = off + normal;
        int end = off + n;
        for (; i < normalEnd; i++) {
            fp = (fp << 1) + gear[b[i] & 0xff];
            if ((fp & ms) == 0) {
                return i - off + 1;
            }
        }
        for (; i < end; i++) {
            fp = (fp << 1) + gear[b[i] & 0xff];
            if ((fp & ml) == 0) {
                return i - off + 1;
            }
        }
        return n;
    }

    private static long[] gear() {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long[] table = new long[256];
            byte[] block = new byte[64];
            for (int v = 0; v < 256; v++) {
                java.util.Arrays.fill(block, (byte) v);
                byte[] d = md5.digest(block);
                long x = 0;
                for (int i = 0; i < 8; i++) {
                    x = (x << 8) | (d[i] & 0xffL);
                }
                table[v] = x;
            }
            return table;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JRE", e);
        }
    }
}
