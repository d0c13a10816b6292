package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZstdArchiveStreamTest {

    @TempDir
    Path dir;

    static byte[] zstd(byte[] data, int workers) throws IOException {
        return zstd(data, new ByteArrayOutputStream(), sink -> ZstdArchiveStream.output(sink, 3, workers));
    }

    interface Compressor {
        IndexedOutputStream open(ByteArrayOutputStream sink) throws IOException;
    }

    static byte[] zstd(byte[] data, ByteArrayOutputStream sink, Compressor compressor) throws IOException {
        try (IndexedOutputStream out = compressor.open(sink)) {
            out.write(data, 0, Math.min(10, data.length));
            for (int i = 10; i < Math.min(20, data.length); i++) {
                out.write(data[i]);
            }
            if (data.length > 20) {
                out.write(data, 20, data.length - 20);
            }
        }
        return sink.toByteArray();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1 << 20, 5_000_017})
    void roundTrips(int size) throws IOException {
        byte[] data = TestData.mixed(size, 80);
        for (int workers : new int[] {1, 2}) {
            byte[] z = zstd(data, workers);
            assertThat(TestData.readAll(ZstdArchiveStream.input(new ByteArrayInputStream(z)))).isEqualTo(data);
        }
    }

    @Test
    void zstdCliReadsItByteIdentically() throws Exception {
        byte[] data = TestData.mixed(3_000_001, 81);
        Path file = dir.resolve("a.zst");
        Files.write(file, zstd(data, 2));
        assertThat(TestData.run(List.of("zstd", "-dc", file.toString()), null)).isEqualTo(data);
        TestData.run(List.of("zstd", "-t", file.toString()), null); // includes the content checksum
    }

    @Test
    void writesOneFramePerBlockThatTheZstdCliReadsAsOneStream() throws Exception {
        byte[] data = TestData.mixed(10 * 64 * 1024 + 5, 84);
        byte[] z = zstd(data, new ByteArrayOutputStream(), sink -> new ZstdFrameOutputStream(sink, 2, 64 * 1024, 3));
        Path file = dir.resolve("frames.zst");
        Files.write(file, z);

        assertThat(TestData.run(List.of("zstd", "-dc", file.toString()), null)).isEqualTo(data);
        // zstd -l's first column: how many frames the file holds
        String listing = new String(TestData.run(List.of("zstd", "-l", file.toString()), null), StandardCharsets.UTF_8);
        assertThat(listing.lines().skip(1).findFirst().orElseThrow().trim()).startsWith("11 ");
        assertThat(TestData.readAll(ZstdArchiveStream.input(new ByteArrayInputStream(z)))).isEqualTo(data);
    }

    @Test
    void emptyInputIsOneEmptyFrame() throws Exception {
        Path file = dir.resolve("empty.zst");
        Files.write(file, zstd(new byte[0], 2));
        assertThat(TestData.run(List.of("zstd", "-dc", file.toString()), null)).isEmpty();
    }

    @Test
    void rejectsALevelZstdDoesNotHave() {
        assertThatThrownBy(() -> ZstdArchiveStream.output(new ByteArrayOutputStream(), 23, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("23");
        assertThatThrownBy(() -> ZstdArchiveStream.output(new ByteArrayOutputStream(), 3, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsWhatTheZstdCliWrote() throws Exception {
        byte[] data = TestData.text(1_000_000, 82);
        Path file = dir.resolve("plain");
        Files.write(file, data);
        byte[] z = TestData.run(List.of("zstd", "-3", "-T2", "-c", file.toString()), null);
        assertThat(TestData.readAll(ZstdArchiveStream.input(new ByteArrayInputStream(z)))).isEqualTo(data);
    }

    @Test
    void corruptionIsDetected() throws IOException {
        byte[] z = zstd(TestData.text(500_000, 83), 2);
        z[z.length / 2] ^= 0x40;
        assertThatThrownBy(() -> TestData.readAll(ZstdArchiveStream.input(new ByteArrayInputStream(z))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void hasNoMembers() throws IOException {
        IndexedOutputStream out = ZstdArchiveStream.output(new ByteArrayOutputStream(), 3, 2);
        assertThatThrownBy(out::members).isInstanceOf(IllegalStateException.class);
        out.close();
        assertThat(out.members()).isEmpty();
    }
}
