package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipInputStreamTest {

    static final int BLOCK = ParallelGzipOutputStreamTest.BLOCK;

    @TempDir
    Path dir;

    record Archive(byte[] gz, List<GzipMember> index) {
    }

    static Archive archive(byte[] data) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 2, BLOCK, 6);
        out.write(data);
        out.close();
        return new Archive(sink.toByteArray(), out.members());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, BLOCK, 9 * BLOCK, 4 * BLOCK + 3})
    void readsInParallelWithTheIndex(int size) throws IOException {
        byte[] data = TestData.mixed(size, 20);
        Archive a = archive(data);
        for (int threads : new int[] {1, 2, 4}) {
            InputStream in = new ParallelGzipInputStream(new ByteArrayInputStream(a.gz), a.index, threads);
            assertThat(TestData.readAll(in)).as("%d threads", threads).isEqualTo(data);
        }
    }

    @Test
    void singleByteAndOddSizedReadsSeeTheSameBytes() throws IOException {
        byte[] data = TestData.text(3 * BLOCK + 100, 21);
        Archive a = archive(data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = new ParallelGzipInputStream(new ByteArrayInputStream(a.gz), a.index, 2)) {
            byte[] buf = new byte[777];
            for (int i = 0; ; i++) {
                if (i % 2 == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    got.write(b);
                } else {
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                }
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(got.toByteArray()).isEqualTo(data);
    }

    @Test
    void withoutAnIndexReadsSequentially() throws IOException {
        byte[] data = TestData.mixed(6 * BLOCK + 9, 22);
        Archive a = archive(data);
        assertThat(TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(a.gz), List.of(), 2)))
                .isEqualTo(data);
    }

    /** The case GZIPInputStream gets wrong before JDK 23: available() is 0 at every member boundary. */
    @Test
    void sequentialReaderReadsEveryMemberOfATrickle() throws IOException {
        byte[] data = TestData.text(5 * BLOCK + 1, 23);
        Archive a = archive(data);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(a.gz)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 100));
            }

            @Override
            public int available() {
                return 0;
            }
        };
        assertThat(TestData.readAll(new SequentialGzipInputStream(trickle))).isEqualTo(data);
    }

    @Test
    void sequentialReaderReadsFilesFromGzipAndPigz() throws Exception {
        byte[] first = TestData.text(200_000, 24);
        byte[] second = TestData.mixed(300_000, 25);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.write(a, first);
        Files.write(b, second);
        // gzip -N stores the file name: exercises the FNAME header field
        byte[] gz = concat(TestData.run(List.of("gzip", "-N", "-c", a.toString()), null),
                TestData.run(List.of("pigz", "-c", "-p", "2", b.toString()), null));
        assertThat(TestData.readAll(new SequentialGzipInputStream(new ByteArrayInputStream(gz))))
                .isEqualTo(concat(first, second));
    }

    @Test
    void corruptTrailerFailsNamingTheMember() throws IOException {
        Archive a = archive(TestData.text(6 * BLOCK, 26));
        GzipMember third = a.index.get(2);
        byte[] bad = a.gz.clone();
        bad[(int) third.compressedEnd() - 6] ^= 0x55; // inside the CRC32

        assertThatThrownBy(() -> TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(bad), a.index, 2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gzip member #2 at compressed offset " + third.compressedOffset())
                .hasMessageContaining("CRC32 mismatch");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "random", "lowEntropy"})
    void corruptDataFailsNamingTheMember(String kind) throws IOException {
        // (an all-zero member is left out on purpose: a flipped bit in the code lengths of a
        // symbol it never uses changes nothing, for gzip as for us)
        Archive a = archive(ParallelGzipOutputStreamTest.data(kind, 6 * BLOCK));
        for (int m = 0; m < a.index.size(); m++) {
            GzipMember member = a.index.get(m);
            byte[] bad = a.gz.clone();
            bad[(int) (member.compressedOffset() + member.compressedLength() / 2)] ^= 0x10;
            int ordinal = m;
            assertThatThrownBy(() -> TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(bad), a.index, 2)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("gzip member #" + ordinal + " at compressed offset " + member.compressedOffset());
            assertThatThrownBy(() -> TestData.readAll(new SequentialGzipInputStream(new ByteArrayInputStream(bad))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("compressed offset " + member.compressedOffset());
        }
    }

    @Test
    void truncatedArchiveFails() throws IOException {
        Archive a = archive(TestData.text(4 * BLOCK, 28));
        byte[] cut = java.util.Arrays.copyOf(a.gz, a.gz.length - 10);
        assertThatThrownBy(() -> TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(cut), a.index, 2)))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("gzip member #3");
        assertThatThrownBy(() -> TestData.readAll(new SequentialGzipInputStream(new ByteArrayInputStream(cut))))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void indexOfAnotherArchiveFails() throws IOException {
        Archive a = archive(TestData.text(4 * BLOCK, 29));
        Archive other = archive(TestData.random(4 * BLOCK, 30));
        assertThatThrownBy(() -> TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(a.gz), other.index, 2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gzip member #");
    }

    @Test
    void bytesAfterTheLastMemberFail() throws IOException {
        Archive a = archive(TestData.text(2 * BLOCK, 31));
        byte[] longer = concat(a.gz, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(longer), a.index, 2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("continues after the last indexed member");
        assertThatThrownBy(() -> TestData.readAll(new SequentialGzipInputStream(new ByteArrayInputStream(longer))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void readsStandardGzipWithAHandMadeIndex() throws IOException {
        // an index is just offsets: it works for members any writer made, e.g. the JDK's
        List<byte[]> parts = List.of(TestData.text(70_000, 32), TestData.random(50_000, 33), new byte[0]);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<GzipMember> index = new ArrayList<>();
        long plain = 0;
        for (byte[] part : parts) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(one)) {
                gz.write(part);
            }
            index.add(new GzipMember(plain, all.size(), one.size(), part.length));
            plain += part.length;
            one.writeTo(all);
        }
        byte[] got = TestData.readAll(new ParallelGzipInputStream(new ByteArrayInputStream(all.toByteArray()), index, 2));
        assertThat(got).isEqualTo(concat(concat(parts.get(0), parts.get(1)), parts.get(2)));
    }

    @Test
    void rejectsAnIndexWithGaps() {
        List<GzipMember> gappy = List.of(new GzipMember(0, 0, 100, 10), new GzipMember(10, 101, 100, 10));
        assertThatThrownBy(() -> new ParallelGzipInputStream(new ByteArrayInputStream(new byte[0]), gappy, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gzip member #1");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
