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
    void aFullBatchIsForcedAndClosedAtOnceAndTheRestAtFlush(@TempDir Path dir) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        try (StagedFiles staged = new StagedFiles(dir, 20)) {
            for (int i = 0; i < 45; i++) {
                FileChannel channel = written(dir.resolve("f" + i), "content " + i);
                channels.add(channel);
                staged.add(channel);
            }
            assertThat(channels.subList(0, 40)).as("two full batches, syncfs and all").noneMatch(FileChannel::isOpen);
            assertThat(channels.subList(40, 45)).allMatch(FileChannel::isOpen);

            staged.flush();

            assertThat(channels).noneMatch(FileChannel::isOpen);
        }
        assertThat(Files.readString(dir.resolve("f44"))).isEqualTo("content 44");
    }

    @Test
    void closeLetsGoOfWhatIsPendingWithoutForcingIt(@TempDir Path dir) throws IOException {
        FileChannel channel = written(dir.resolve("f"), "x");
        StagedFiles staged = new StagedFiles(dir, 20);
        staged.add(channel);

        staged.close();
        staged.close();

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anExtractionOfManyFilesEndsWithEveryOneWrittenAndNoneOpen(@TempDir Path tmp) throws Exception {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 3 * StagedFiles.DEFAULT_BATCH + 7; i++) {
            tar.file("d" + i % 7 + "/f" + i, "file " + i, 0400); // read-only: forcing must not need to reopen them
        }
        long before = openDescriptors();

        ExtractSummary summary = new SafeExtractor(ExtractLimits.defaults())
                .extract(new ByteArrayInputStream(tar.build()), tmp.resolve("s"), tmp);

        assertThat(summary.files()).isEqualTo(3L * StagedFiles.DEFAULT_BATCH + 7);
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
