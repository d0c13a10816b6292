package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParallelGzipOutputStreamTest {

    /** Small blocks keep the tests fast while still giving many members. */
    static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;

    static Stream<Arguments> inputs() {
        return Stream.of("random", "text", "lowEntropy", "mixed").flatMap(kind ->
                Stream.of(0, 1, BLOCK, 5 * BLOCK, 3 * BLOCK + 777).map(size -> Arguments.of(kind, size)));
    }

    static byte[] data(String kind, int size) {
        return switch (kind) {
            case "random" -> TestData.random(size, 1);
            case "text" -> TestData.text(size, 2);
            case "lowEntropy" -> TestData.lowEntropy(size, 3);
            default -> TestData.mixed(size, 4);
        };
    }

    static byte[] gzip(byte[] data, int threads, int blockSize, List<GzipMember>[] index) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, threads, blockSize, 6);
        // uneven writes, so blocks fill across write calls
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + (at * 31 + 7) % 20_000);
            out.write(data, at, n);
            at += n;
        }
        out.close();
        if (index != null) {
            index[0] = out.members();
        }
        return sink.toByteArray();
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("inputs")
    void roundTripsThroughGzipInputStream(String kind, int size) throws IOException {
        byte[] data = data(kind, size);
        @SuppressWarnings("unchecked")
        List<GzipMember>[] index = new List[1];
        byte[] gz = gzip(data, 3, BLOCK, index);

        assertThat(TestData.readAll(new GZIPInputStream(new ByteArrayInputStream(gz)))).isEqualTo(data);
        List<GzipMember> members = index[0];
        assertThat(members).hasSize(Math.max(1, (size + BLOCK - 1) / BLOCK));
        assertThat(members.stream().mapToLong(GzipMember::uncompressedLength).sum()).isEqualTo(size);
        assertThat(members.get(members.size() - 1).compressedEnd()).isEqualTo(gz.length);
        GzipMemberIndex.checkContiguous(members);
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("gzipToolSizes")
    void realGzipReadsItByteIdentically(int size) throws Exception {
        byte[] data = TestData.mixed(size, 5);
        Path file = dir.resolve("out.gz");
        Files.write(file, gzip(data, 2, BLOCK, null));

        assertThat(TestData.run(List.of("gzip", "-dc", file.toString()), null)).isEqualTo(data);
        TestData.run(List.of("gzip", "-t", file.toString()), null);
    }

    static Stream<Integer> gzipToolSizes() {
        return Stream.of(0, 1, BLOCK, 7 * BLOCK + 12_345);
    }

    @Test
    void singleByteWritesAndDefaultBlocks() throws IOException {
        byte[] data = TestData.mixed(2 * ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE + 1000, 6);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink)) {
            out.write(data, 0, 1000);
            for (int i = 1000; i < 3000; i++) {
                out.write(data[i]);
            }
            out.write(data, 3000, data.length - 3000);
        }
        assertThat(TestData.readAll(new GZIPInputStream(new ByteArrayInputStream(sink.toByteArray())))).isEqualTo(data);
    }

    @Test
    void incompressibleInputIsStoredWithAlmostNoOverhead() throws IOException {
        byte[] data = TestData.random(4 << 20, 7);
        byte[] gz = gzip(data, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, null);
        assertThat((double) gz.length).isLessThanOrEqualTo(data.length * 1.001);
    }

    @Test
    void sizeStaysWithinThreePercentOfSingleStreamGzip() throws IOException {
        for (byte[] data : List.of(TestData.text(3 << 20, 8), TestData.mixed(3 << 20, 9))) {
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(reference)) { // zlib's default level is 6
                gz.write(data);
            }
            byte[] ours = gzip(data, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, null);
            assertThat((double) ours.length).isLessThanOrEqualTo(reference.size() * 1.03);
        }
    }

    @Test
    void flushDoesNotCutBlocks() throws IOException {
        byte[] data = TestData.text(5 * BLOCK, 10);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 2, BLOCK, 6);
        for (int at = 0; at < data.length; at += 1000) {
            out.write(data, at, Math.min(1000, data.length - at));
            out.flush();
        }
        out.close();
        assertThat(out.members()).hasSize(5);
        assertThat(TestData.readAll(new GZIPInputStream(new ByteArrayInputStream(sink.toByteArray())))).isEqualTo(data);
    }

    @Test
    void workerFailureSurfacesNamingTheBlock() {
        AtomicInteger blocks = new AtomicInteger();
        ClosingSink sink = new ClosingSink();
        // one worker, so the third encode is the third block: with two, either of blocks 1 and 2 may come third
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 1, BLOCK, () -> new BlockEncoder() {
            final GzipMemberEncoder real = new GzipMemberEncoder(6);

            @Override
            public void encode(Block block) throws IOException {
                if (blocks.getAndIncrement() == 2) {
                    throw new IllegalStateException("disk on fire");
                }
                real.encode(block);
            }

            @Override
            public void close() {
                real.close();
            }
        });
        byte[] data = TestData.text(20 * BLOCK, 11);

        assertThatThrownBy(() -> {
            try (out) {
                out.write(data);
            }
        }).isInstanceOf(IOException.class)
                .hasMessageContaining("uncompressed offset " + 2 * BLOCK)
                .hasMessageContaining("disk on fire")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(sink.closed).isTrue();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("disk on fire");
        assertThatThrownBy(out::members).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sinkFailureSurfacesAndStillClosesTheSink() {
        ClosingSink sink = new ClosingSink() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("storage gone");
            }
        };
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 2, BLOCK, 6);
        assertThatThrownBy(() -> {
            out.write(TestData.text(10 * BLOCK, 12));
            out.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("storage gone");
        assertThatThrownBy(out::close).hasMessageContaining("storage gone");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void closeClosesTheSinkOnceAndEndsTheStream() throws IOException {
        ClosingSink sink = new ClosingSink();
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 1, BLOCK, 6);
        assertThatThrownBy(out::members).isInstanceOf(IllegalStateException.class);
        out.write(42);
        out.close();
        out.close();
        assertThat(sink.closed).isTrue();
        assertThat(sink.closeCount).hasValue(1);
        assertThat(out.members()).hasSize(1);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void anEncoderThatCannotBeMadeFreesTheOnesMadeBefore() {
        List<BlockEncoder> made = new java.util.ArrayList<>();
        AtomicInteger closed = new AtomicInteger();
        assertThatThrownBy(() -> new ParallelGzipOutputStream(new ClosingSink(), 3, BLOCK, () -> {
            if (made.size() == 2) {
                throw new IllegalStateException("out of native memory");
            }
            BlockEncoder encoder = new BlockEncoder() {
                @Override
                public void encode(Block block) {
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
            made.add(encoder);
            return encoder;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("out of native memory");
        assertThat(closed).hasValue(2);
    }

    @Test
    void rejectsBadSettings() {
        OutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 2, BLOCK, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 2, 100, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 0, BLOCK, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyLevelRoundTrips() throws IOException {
        byte[] data = TestData.mixed(3 * BLOCK + 5, 13);
        for (int level = 0; level <= 9; level++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 2, BLOCK, level)) {
                out.write(data);
            }
            assertThat(TestData.readAll(new GZIPInputStream(new ByteArrayInputStream(sink.toByteArray()))))
                    .as("level %d", level).isEqualTo(data);
        }
    }

    static class ClosingSink extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger closeCount = new AtomicInteger();
        volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            written.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
            closeCount.incrementAndGet();
        }
    }
}
