package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files a backup reuses from its parent without reading them: only those whose size, mtime,
 * ctime and inode all match. Each case changes a file so that some of these still match.
 */
class ChangeDetectionTest {
    @TempDir
    Path tmp;
    Path source;
    Path big;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    Set<Path> opened = ConcurrentHashMap.newKeySet();
    IncrementRepository repo;

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        big = source.resolve("big.bin");
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        repo = TestRepos.countingOpens(storage, clock, opened);
    }

    @Test
    void fileEditedInPlaceWithItsMtimeSetBackIsRead() throws IOException {
        repo.backup(source);
        FileTime mtime = Files.getLastModifiedTime(big);
        Object inode = Files.getAttribute(big, "unix:ino");
        long ctime = ctimeOf(big);
        withNewCtime(big, ctime, () -> {
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.seek(1000);
                f.write(new byte[] {1, 2, 3}); // same inode, same size
            }
            Files.setLastModifiedTime(big, mtime); // touch -d: the mtime says nothing happened
        });
        assertThat(Files.getAttribute(big, "unix:ino")).isEqualTo(inode);
        opened.clear();
        clock.advance(Duration.ofHours(1));

        BackupResult second = repo.backup(source);

        assertThat(opened).containsExactly(big);
        assertThat(second.filesRead()).isEqualTo(1);
        assertThat(second.addedChunks()).isPositive();
        assertRestoresLikeTheSource();
    }

    @Test
    void fileReplacedByAnotherOfTheSameSizeAndMtimeIsRead() throws IOException {
        repo.backup(source);
        FileTime mtime = Files.getLastModifiedTime(big);
        long ctime = ctimeOf(big);
        withNewCtime(big, ctime, () -> {
            Path other = source.resolve(".big.bin.new");
            Files.write(other, SourceTrees.data(77, (int) Files.size(big)));
            Files.setLastModifiedTime(other, mtime);
            Files.move(other, big, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        });
        assertThat(Files.getLastModifiedTime(big)).isEqualTo(mtime);
        opened.clear();
        clock.advance(Duration.ofHours(1));

        BackupResult second = repo.backup(source);

        assertThat(opened).containsExactly(big);
        assertThat(second.filesRead()).isEqualTo(1);
        assertRestoresLikeTheSource();
    }

    @Test
    void fileDeletedAndWrittenAgainWithTheSameSizeAndMtimeIsRead() throws IOException {
        repo.backup(source);
        FileTime mtime = Files.getLastModifiedTime(big);
        long size = Files.size(big);
        long ctime = ctimeOf(big);
        withNewCtime(big, ctime, () -> {
            Files.delete(big); // the new file may well get the freed inode number back
            Files.write(big, SourceTrees.data(78, (int) size));
            Files.setLastModifiedTime(big, mtime);
        });
        opened.clear();
        clock.advance(Duration.ofHours(1));

        BackupResult second = repo.backup(source);

        assertThat(opened).containsExactly(big);
        assertRestoresLikeTheSource();
    }

    @Test
    void onlyAChmodIsReadAgainButStoresNoNewData() throws IOException {
        repo.backup(source);
        long ctime = ctimeOf(big);
        withNewCtime(big, ctime, () -> Files.setPosixFilePermissions(big,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----")));
        opened.clear();
        clock.advance(Duration.ofHours(1));

        BackupResult second = repo.backup(source);

        assertThat(opened).containsExactly(big);
        assertThat(second.addedRawBytes()).as("only tree blobs").isLessThan(5_000);
        assertRestoresLikeTheSource();
    }

    @Test
    void aParentWrittenBeforeCtimesWereRecordedHasEveryFileReadOnceMore() {
        BackupResult first = repo.backup(source);
        // the same tree without ctimes, as a repository written by an earlier version holds it
        List<TreeEntry> withoutCtimes = new ArrayList<>();
        Snapshot s = new SnapshotStore(storage).read(first.snapshot());
        try (TreeStream t = new TreeStream(s.id(), new BlobReader(storage, IndexLoader.load(storage).index()),
                s.treeBlobs())) {
            for (TreeEntry e = t.next(); e != null; e = t.next()) {
                assertThat(e.ctimeNanos()).isNotEqualTo(TreeEntry.NO_CTIME);
                withoutCtimes.add(new TreeEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.mtimeNanos(),
                        TreeEntry.NO_CTIME, e.size(), e.inode(), e.device(), e.target(), e.chunks()));
            }
        }
        clock.advance(Duration.ofMinutes(1));
        CraftedSnapshots.write(storage, clock.instant(), withoutCtimes);
        clock.advance(Duration.ofHours(1));
        opened.clear();

        BackupResult upgraded = repo.backup(source);
        assertThat(upgraded.filesRead()).isEqualTo(8);
        assertThat(upgraded.addedChunks()).as("the content is there already; only the tree changes").isLessThan(4);
        clock.advance(Duration.ofHours(1));
        BackupResult next = repo.backup(source);
        assertThat(next.filesRead()).isZero();
    }

    private interface Change {
        void apply() throws IOException;
    }

    /**
     * Applies {@code change} until the file's ctime differs from {@code before}: file times tick at the
     * kernel's clock granularity, so a change within the same tick as the last one keeps the ctime.
     */
    private static void withNewCtime(Path file, long before, Change change) throws IOException {
        for (int i = 0; i < 100; i++) {
            change.apply();
            if (ctimeOf(file) != before) {
                return;
            }
            sleepAMoment();
        }
        throw new AssertionError("the ctime of " + file + " does not move");
    }

    private static long ctimeOf(Path file) throws IOException {
        return ((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
                .to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static void sleepAMoment() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void assertRestoresLikeTheSource() throws IOException {
        Path target = tmp.resolve("restored-" + System.nanoTime());
        repo.restore("latest", List.of("*"), target);
        SourceTrees.assertSameTree(source, target);
    }
}
