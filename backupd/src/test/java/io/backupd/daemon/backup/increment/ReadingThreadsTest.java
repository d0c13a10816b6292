package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changed files are read on several threads while the walk goes on: what a reader meets (a vanished
 * file, an unreadable one, a failing storage, a slow file) must come out as it did when one thread
 * read everything in walk order.
 */
@Timeout(60)
class ReadingThreadsTest {
    @TempDir
    Path tmp;
    Path source;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        for (int i = 0; i < 40; i++) {
            SourceTrees.write(source.resolve("many/f" + i + ".txt"), SourceTrees.data(100 + i, 3_000 + 97 * i));
        }
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
    }

    private IncrementRepository repo(FileOpener opener) {
        return new IncrementRepository(storage, TestRepos.options(clock).withReadThreads(3), opener);
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aSlowFileDoesNotReorderTheTree() throws IOException {
        CountDownLatch othersRead = new CountDownLatch(10);
        Path slow = source.resolve("a.txt"); // the first file of the walk; large, so a reader gets it alone
        SourceTrees.write(slow, SourceTrees.data(9, 9 << 20));
        boolean[] overtaken = {false};
        IncrementRepository repo = repo(file -> {
            if (file.equals(slow)) {
                try {
                    overtaken[0] = othersRead.await(10, TimeUnit.SECONDS); // let later files finish first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                othersRead.countDown();
            }
            return open(file);
        });

        BackupResult r = repo.backup(source);

        assertThat(overtaken[0]).as("later files were read while the first one waited").isTrue();
        assertThat(r.filesRead()).isEqualTo(48);
        List<String> listed = new ArrayList<>();
        repo.listFiles(r.snapshot(), "", f -> listed.add(f.name()));
        assertThat(listed).isSortedAccordingTo(PathOrder::compare).hasSize(SourceTrees.paths(source).size());
        Path target = tmp.resolve("restored");
        repo.restore(r.snapshot(), List.of("*"), target);
        SourceTrees.assertSameTree(source, target);
    }

    @Test
    void anUnreadableFileIsLeftOutWithAWarningAndAVanishedOneSilently() throws IOException {
        Path unreadable = source.resolve("many/f7.txt");
        Path vanished = source.resolve("many/f8.txt");
        IncrementRepository repo = repo(file -> {
            if (file.equals(unreadable)) {
                throw new AccessDeniedException(file.toString());
            }
            if (file.equals(vanished)) {
                throw new NoSuchFileException(file.toString());
            }
            return open(file);
        });

        BackupResult r = repo.backup(source);

        assertThat(r.files()).isEqualTo(46);
        assertThat(r.filesRead()).isEqualTo(46);
        assertThat(r.warnings()).singleElement().asString()
                .startsWith("many/f7.txt: cannot read, left out of the snapshot");
        List<String> listed = new ArrayList<>();
        repo.listFiles(r.snapshot(), "many", f -> listed.add(f.name()));
        assertThat(listed).contains("many/f6.txt", "many/f9.txt").doesNotContain("many/f7.txt", "many/f8.txt");
    }

    @Test
    void aStorageFailureWhileReadingFailsTheBackupAndLeavesNoSnapshot() {
        FaultyStorage dying = new FaultyStorage(storage, FaultyStorage.Op.PUT, RepositoryLayout.PACKS, 2);
        IncrementRepository failing = new IncrementRepository(dying, TestRepos.options(clock).withReadThreads(3),
                FileOpener.DEFAULT);

        assertThatThrownBy(() -> failing.backup(source))
                .isInstanceOf(BackupException.class)
                .satisfies(e -> assertThat(((BackupException) e).code()).isEqualTo(ErrorCode.STORAGE_FAILED));

        assertThat(repo(FileOpener.DEFAULT).snapshots()).isEmpty();
        clock.advance(Duration.ofHours(1)); // the dead run's lock expires
        assertThat(repo(FileOpener.DEFAULT).backup(source).warnings()).isEmpty();
    }
}
