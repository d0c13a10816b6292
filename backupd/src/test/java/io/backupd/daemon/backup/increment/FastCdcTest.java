package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastCdcTest {
    private static final ChunkerParams PARAMS = new ChunkerParams(2 << 10, 8 << 10, 32 << 10);

    private static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Chunk lengths of {@code data}, written to a chunking stream in pieces of {@code piece} bytes. */
    private static List<Integer> lengths(byte[] data, int piece) {
        List<Integer> out = new ArrayList<>();
        ChunkingOutputStream s = new ChunkingOutputStream(new FastCdc(PARAMS), (b, off, len) -> out.add(len));
        for (int i = 0; i < data.length; i += piece) {
            s.write(data, i, Math.min(piece, data.length - i));
        }
        s.close();
        return out;
    }

    private static Set<String> chunkHashes(byte[] data) {
        Set<String> out = new HashSet<>();
        try (BlobCodec codec = new BlobCodec(1)) {
            ChunkingOutputStream s = new ChunkingOutputStream(new FastCdc(PARAMS),
                    (b, off, len) -> out.add(codec.hash(b, off, len).hex()));
            s.write(data, 0, data.length);
            s.close();
        }
        return out;
    }

    @Test
    void boundariesAreDeterministicAndIndependentOfBuffering() {
        byte[] data = random(7, 1 << 20);
        List<Integer> whole = lengths(data, data.length);
        assertThat(lengths(data, 1)).isEqualTo(whole);
        assertThat(lengths(data, 4093)).isEqualTo(whole);
        assertThat(lengths(data.clone(), 65536)).isEqualTo(whole);
        assertThat(whole.stream().mapToInt(Integer::intValue).sum()).isEqualTo(data.length);
    }

    @Test
    void chunksRespectMinAndMaxAndAverageNearTarget() {
        byte[] data = random(8, 4 << 20);
        List<Integer> lens = lengths(data, 1 << 16);
        for (int i = 0; i < lens.size() - 1; i++) {
            assertThat(lens.get(i)).isBetween(PARAMS.min(), PARAMS.max());
        }
        assertThat(lens.get(lens.size() - 1)).isBetween(1, PARAMS.max());
        double avg = data.length / (double) lens.size();
        assertThat(avg).isBetween(PARAMS.avg() * 0.7, PARAMS.avg() * 1.6);
    }

    @Test
    void zerosAreCutAtMax() {
        List<Integer> lens = lengths(new byte[100 << 10], 1 << 16);
        assertThat(lens.subList(0, 3)).containsOnly(PARAMS.max());
    }

    @Test
    void insertionNearStartOnlyChangesNearbyChunks() {
        byte[] data = random(9, 2 << 20);
        byte[] edited = new byte[data.length + 100];
        System.arraycopy(data, 0, edited, 0, 5000);
        System.arraycopy(random(10, 100), 0, edited, 5000, 100);
        System.arraycopy(data, 5000, edited, 5100, data.length - 5000);
        Set<String> before = chunkHashes(data);
        Set<String> after = chunkHashes(edited);
        Set<String> changed = new HashSet<>(after);
        changed.removeAll(before);
        assertThat(before.size()).isGreaterThan(100);
        assertThat(changed).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void gearTableMatchesFastCdc2020Reference() {
        // first entries of fastcdc-rs v2020 GEAR: MD5 of 64 equal bytes, first 8 bytes big-endian
        assertThat(FastCdc.gear(0)).isEqualTo(0x3b5d3c7d207e37dcL);
        assertThat(FastCdc.gear(1)).isEqualTo(0x784d68ba91123086L);
        assertThat(FastCdc.gear(2)).isEqualTo(0xcd52880f882e7298L);
    }
}
