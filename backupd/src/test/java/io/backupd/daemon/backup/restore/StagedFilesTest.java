package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged files are made durable in batches, every one of them before the extraction ends, and none is left open. */
class StagedFilesTest {

    static FileChannel written(Path file, String content) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        return channel;
    }

    /** Descriptors this JVM has open: what a leak would raise. */
    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void fullBatchesAreForcedAndClosedBehindTheWriterAndTheRestAtFlush(@TempDir Path dir) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        try (StagedFiles staged = new StagedFiles(dir, StagedFiles.Limits.fixed(20, Long.MAX_VALUE))) {
            for (int i = 0; i < 45; i++) {
                FileChannel channel = written(dir.resolve("f" + i), "content " + i);
                channels.add(channel);
                staged.add(channel);
            }
            // the second batch was handed over only once the first was durable; it may still be flushing
            assertThat(channels.subList(0, 20)).as("the first batch, syncfs and all").noneMatch(FileChannel::isOpen);
            assertThat(channels.subList(40, 45)).as("not a batch yet").allMatch(FileChannel::isOpen);

            staged.flush();

            assertThat(channels).noneMatch(FileChannel::isOpen);
        }
        assertThat(Files.readString(dir.resolve("f44"))).isEqualTo("content 44");
    }

    @Test
    void batchesGrowWhileAFlushRunsAndTheWriterWaitsOnlyAtTheMaximum(@TempDir Path dir) throws Exception {
        CountDownLatch firstFlushMayEnd = new CountDownLatch(1);
        List<Integer> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        StagedFiles staged = new StagedFiles(new StagedFiles.Limits(4, Long.MAX_VALUE, 10, Long.MAX_VALUE), batch -> {
            batches.add(batch.size());
            if (batches.size() == 1) {
                try {
                    firstFlushMayEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (FileChannel channel : batch) {
                channel.close();
            }
        });
        AtomicInteger added = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 30; i++) {
                    staged.add(written(dir.resolve("f" + i), "x"));
                    added.incrementAndGet();
                }
                staged.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();

        // the flusher was idle, so 4 files made a batch; behind the blocked flush the next grows to 10,
        // and handing it over waits for the flush: the 14th add does not return until it ends
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        // the flusher may have taken the first batch a moment before it records it: wait for both
        while (!(added.get() == 13 && writer.getState() == Thread.State.WAITING && batches.size() == 1)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(added.get()).isEqualTo(13);
        assertThat(writer.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(batches).containsExactly(4);
        firstFlushMayEnd.countDown();
        writer.join(20_000);

        assertThat(writer.isAlive()).isFalse();
        assertThat(batches.get(0)).isEqualTo(4);
        assertThat(batches.get(1)).isEqualTo(10);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
    }

    /** Live threads of the background flushers (tests run one at a time, so all are this test's). */
    static long flusherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("restore-fsync") && t.isAlive()).count();
    }

    @Test
    void aFinishedExtractionLeavesNoFlusherThreadBehind(@TempDir Path dir) throws Exception {
        long before = flusherThreads();
        StagedFiles staged = new StagedFiles(dir, StagedFiles.Limits.fixed(2, Long.MAX_VALUE));
        for (int i = 0; i < 6; i++) {
            staged.add(written(dir.resolve("f" + i), "x")); // full batches: the flusher thread starts
        }
        assertThat(flusherThreads()).isGreaterThan(before);

        staged.flush(); // success: close() is never called

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (flusherThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(flusherThreads()).isEqualTo(before);
    }

    @Test
    void aBatchIsAlsoCutByItsBytes(@TempDir Path dir) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        try (StagedFiles staged = new StagedFiles(dir, StagedFiles.Limits.fixed(1000, 30))) {
            for (int i = 0; i < 6; i++) {
                FileChannel channel = written(dir.resolve("f" + i), "ten bytes!");
                channels.add(channel);
                staged.add(channel);
            }
            // 30 bytes cut a batch after f2 and after f5; the second is handed over once the first is durable
            assertThat(channels.subList(0, 3)).noneMatch(FileChannel::isOpen);
            staged.flush();
            assertThat(channels).noneMatch(FileChannel::isOpen);
        }
    }

    @Test
    void aFailedBackgroundFlushFailsTheNextCallAndLeavesNothingOpen(@TempDir Path dir) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        StagedFiles staged = new StagedFiles(dir, StagedFiles.Limits.fixed(2, Long.MAX_VALUE));
        FileChannel broken = written(dir.resolve("broken"), "x");
        channels.add(broken);
        staged.add(broken);
        broken.close(); // forcing it now fails, as a write error reported by fsync would
        FileChannel second = written(dir.resolve("second"), "y");
        channels.add(second);
        staged.add(second); // a full batch: flushed in the background, and failing there

        assertThatThrownBy(() -> {
            for (int i = 0; i < 4; i++) {
                FileChannel channel = written(dir.resolve("f" + i), "z");
                channels.add(channel);
                staged.add(channel); // the next full batch waits for the failed one, and throws its failure
            }
        }).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        staged.close();

        assertThat(channels).noneMatch(FileChannel::isOpen);
    }

    @Test
    void closeLetsGoOfWhatIsPendingWithoutForcingIt(@TempDir Path dir) throws IOException {
        FileChannel channel = written(dir.resolve("f"), "x");
        StagedFiles staged = new StagedFiles(dir, StagedFiles.Limits.fixed(20, Long.MAX_VALUE));
        staged.add(channel);

        staged.close();
        staged.close();

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anExtractionOfManyFilesEndsWithEveryOneWrittenAndNoneOpen(@TempDir Path tmp) throws Exception {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 3 * StagedFiles.Limits.DEFAULT.maxFiles() + 7; i++) {
            tar.file("d" + i % 7 + "/f" + i, "file " + i, 0400); // read-only: forcing must not need to reopen them
        }
        long before = openDescriptors();

        ExtractSummary summary = new SafeExtractor(ExtractLimits.defaults())
                .extract(new ByteArrayInputStream(tar.build()), tmp.resolve("s"), tmp);

        assertThat(summary.files()).isEqualTo(3L * StagedFiles.Limits.DEFAULT.maxFiles() + 7);
        assertThat(Files.readString(tmp.resolve("s/d5/f390"))).isEqualTo("file 390");
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
    }

    @Test
    void anExtractionRefusedHalfWayClosesItsPendingFilesAndDeletesStaging(@TempDir Path tmp) throws Exception {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 50; i++) {
            tar.file("f" + i, "file " + i);
        }
        tar.file("../evil", "boom");
        long before = openDescriptors();

        assertThatThrownBy(() -> new SafeExtractor(ExtractLimits.defaults())
                .extract(new ByteArrayInputStream(tar.build()), tmp.resolve("s"), tmp))
                .isInstanceOf(BackupException.class).hasMessageContaining("../evil");

        assertThat(tmp.resolve("s")).doesNotExist();
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
    }
}
