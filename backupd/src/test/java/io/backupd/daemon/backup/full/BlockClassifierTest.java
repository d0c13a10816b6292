package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.full.BlockClassifier.Mode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockClassifierTest {

    static final int CHUNK = BlockClassifier.CHUNK;
    final BlockClassifier classifier = new BlockClassifier();

    Mode[] classify(byte[] data) {
        return classifier.classify(data, data.length);
    }

    @Test
    void randomBytesAreStored() {
        assertThat(classify(TestData.random(1 << 20, 50))).containsOnly(Mode.STORE);
    }

    @Test
    void textIsDeflated() {
        assertThat(classify(TestData.text(1 << 20, 51))).containsOnly(Mode.DEFLATE);
    }

    @Test
    void unstructuredLowEntropyIsHuffmanCoded() {
        assertThat(classify(TestData.lowEntropy(1 << 20, 52))).containsOnly(Mode.HUFFMAN);
    }

    @Test
    void zerosAreDeflated() {
        assertThat(classify(new byte[1 << 20])).containsOnly(Mode.DEFLATE);
    }

    @Test
    void randomDataRepeatedWithinTheWindowIsDeflated() {
        // a 20 KiB random run followed by itself at an odd distance: deflate halves it, so must we
        byte[] run = TestData.random(20_001, 53);
        byte[] data = new byte[2 * run.length];
        System.arraycopy(run, 0, data, 0, run.length);
        System.arraycopy(run, 0, data, run.length, run.length);
        Mode[] modes = classify(data);
        assertThat(modes[0]).isEqualTo(Mode.STORE);
        assertThat(Arrays.copyOfRange(modes, run.length / CHUNK + 1, modes.length)).containsOnly(Mode.DEFLATE);
    }

    @Test
    void followsRunsInMixedData() {
        byte[] data = new byte[6 * 65536];
        System.arraycopy(TestData.text(65536, 54), 0, data, 0, 65536);
        System.arraycopy(TestData.random(65536, 55), 0, data, 65536, 65536);
        System.arraycopy(TestData.lowEntropy(65536, 56), 0, data, 2 * 65536, 65536);
        System.arraycopy(TestData.random(65536, 57), 0, data, 3 * 65536, 65536);
        System.arraycopy(TestData.text(65536, 58), 0, data, 4 * 65536, 65536);
        Mode[] modes = classify(data);
        int perRun = 65536 / CHUNK;
        assertThat(Arrays.copyOfRange(modes, 0, perRun)).containsOnly(Mode.DEFLATE);
        assertThat(Arrays.copyOfRange(modes, perRun, 2 * perRun)).containsOnly(Mode.STORE);
        assertThat(Arrays.copyOfRange(modes, 2 * perRun, 3 * perRun)).containsOnly(Mode.HUFFMAN);
        assertThat(Arrays.copyOfRange(modes, 3 * perRun, 4 * perRun)).containsOnly(Mode.STORE);
        assertThat(Arrays.copyOfRange(modes, 4 * perRun, 6 * perRun)).containsOnly(Mode.DEFLATE);
    }

    @Test
    void shortRunsFallBackToDeflate() {
        byte[] data = TestData.text(16 * CHUNK, 59);
        System.arraycopy(TestData.random(2 * CHUNK, 60), 0, data, 4 * CHUNK, 2 * CHUNK);
        assertThat(classify(data)).containsOnly(Mode.DEFLATE);
    }

    @Test
    void tinyBlocksAreLeftToDeflate() {
        assertThat(classify(TestData.random(40, 61))).containsOnly(Mode.DEFLATE);
        assertThat(classify(new byte[0])).isEmpty();
    }
}
