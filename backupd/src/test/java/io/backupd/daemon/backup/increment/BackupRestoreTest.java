package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.daemon.backup.restore.Sparse;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
    @TempDir
    Path tmp;
    Path source;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    Set<Path> opened = ConcurrentHashMap.newKeySet();
    IncrementRepository repo;

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        repo = TestRepos.countingOpens(storage, clock, opened);
    }

    @Test
    void restoreOfABackupEqualsTheSource() throws IOException {
        BackupResult r = repo.backup(source);
        assertThat(r.parent()).isNull();
        assertThat(r.files()).isEqualTo(8);
        assertThat(r.symlinks()).isEqualTo(2);
        assertThat(r.addedChunks()).isGreaterThan(10);
        assertThat(r.warnings()).isEmpty();

        Path target = tmp.resolve("restored");
        RestoreResult restored = repo.restore(r.snapshot(), List.of("*"), target);

        assertThat(restored.files()).isEqualTo(8);
        SourceTrees.assertSameTree(source, target);
        assertThat(SourceTrees.paths(target)).noneMatch(p -> p.contains(".bdrestore-"));
    }

    @Test
    void aSparseFileIsRestoredWithItsHoles() throws IOException {
        long length = 256L << 20;
        Path sparseSource = Files.createDirectories(tmp.resolve("sparse"));
        Sparse.create(sparseSource.resolve("db.sparse"), length);
        String id = repo.backup(sparseSource).snapshot();

        Path target = tmp.resolve("restored-sparse");
        repo.restore(id, List.of("*"), target);

        Path restored = target.resolve("db.sparse");
        assertThat(Files.size(restored)).isEqualTo(length);
        assertThat(Files.mismatch(sparseSource.resolve("db.sparse"), restored)).isEqualTo(-1L);
        assertThat(Sparse.allocatedBytes(restored)).isLessThan(1L << 20);
    }

    @Test
    void restoringTwiceOverTheSameTargetConverges() throws IOException {
        String id = repo.backup(source).snapshot();
        Path target = tmp.resolve("restored");
        repo.restore(id, List.of("*"), target);
        Files.writeString(target.resolve("a.txt"), "changed locally");
        repo.restore("latest", List.of("*"), target);
        SourceTrees.assertSameTree(source, target);
    }

    @Test
    void unchangedTreeAddsNothingAndReadsNoFile() {
        BackupResult first = repo.backup(source);
        assertThat(opened).hasSize(8);
        opened.clear();
        clock.advance(Duration.ofHours(1));

        BackupResult second = repo.backup(source);

        assertThat(second.parent()).isEqualTo(first.snapshot());
        assertThat(opened).isEmpty();
        assertThat(second.filesRead()).isZero();
        assertThat(second.filesUnchanged()).isEqualTo(8);
        assertThat(second.addedChunks()).isZero();
        assertThat(second.addedBytes()).isZero();
        assertThat(second.bytes()).isEqualTo(first.bytes());
        assertThat(repo.snapshots()).extracting(SnapshotInfo::name).containsExactly(first.snapshot(), second.snapshot());
    }

    @Test
    void mutationAddsOnlyTheChangedChunks() throws IOException {
        BackupResult first = repo.backup(source);
        Path big = source.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.seek(150_000);
            f.write(new byte[] {9, 9, 9, 9});
        }
        Files.setLastModifiedTime(big, FileTime.fromMillis(1_700_000_000_000L));
        opened.clear();
        clock.advance(Duration.ofHours(1));

        BackupResult second = repo.backup(source);

        assertThat(opened).containsExactly(big);
        assertThat(second.filesRead()).isEqualTo(1);
        // one changed data chunk (maybe two if the edit moved a boundary) plus the changed tree blob(s)
        assertThat(second.addedChunks()).isBetween(2L, 4L);
        assertThat(second.addedRawBytes()).isLessThan(first.addedRawBytes() / 5);
        Path target = tmp.resolve("restored");
        repo.restore("latest", List.of("big.bin"), target);
        assertThat(Files.readAllBytes(target.resolve("big.bin"))).isEqualTo(Files.readAllBytes(big));
    }

    @Test
    void restoresSelectedFilesByGlob() throws IOException {
        String id = repo.backup(source).snapshot();
        Path logs = tmp.resolve("logs");
        Path sub = tmp.resolve("sub");

        RestoreResult byName = repo.restore(id, List.of("*.log"), logs);
        repo.restore(id, List.of("dir/**", "a.txt"), sub);

        assertThat(byName.files()).isEqualTo(2);
        assertThat(SourceTrees.paths(logs)).containsExactly("dir", "dir/sub", "dir/sub/c.log", "dir/sub/d.log");
        assertThat(Files.readAllBytes(logs.resolve("dir/sub/c.log"))).isEqualTo(Files.readAllBytes(source.resolve("dir/sub/c.log")));
        assertThat(SourceTrees.paths(sub)).containsExactly("a.txt", "dir", "dir/dangling", "dir/e.json", "dir/sub",
                "dir/sub/c.log", "dir/sub/d.log");
        assertThat(Files.readSymbolicLink(sub.resolve("dir/dangling"))).isEqualTo(Path.of("/nonexistent/target"));
        assertThatThrownBy(() -> repo.restore(id, List.of("nothing/here"), tmp.resolve("none")))
                .isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void listsFilesBelowAPrefixInPages() throws IOException {
        String id = repo.backup(source).snapshot();

        FilePage all = repo.listFiles(id, "", null, 100);
        FilePage dir = repo.listFiles(id, "dir/", null, 100);
        FilePage first = repo.listFiles(id, "dir", null, 2);
        FilePage rest = repo.listFiles(id, "dir", first.next(), 100);

        assertThat(all.entries()).hasSize(SourceTrees.paths(source).size());
        assertThat(all.next()).isNull();
        assertThat(dir.entries()).extracting(FileInfo::name)
                .containsExactly("dir", "dir/dangling", "dir/e.json", "dir/sub", "dir/sub/c.log", "dir/sub/d.log");
        FileInfo c = dir.entries().get(4);
        assertThat(c.size()).isEqualTo(50_000);
        assertThat(c.dir()).isFalse();
        assertThat(dir.entries().get(3).dir()).isTrue();
        assertThat(dir.entries().get(3).modTime()).isEqualTo(java.time.Instant.ofEpochMilli(1_500_000_000_000L));
        assertThat(first.entries()).extracting(FileInfo::name).containsExactly("dir", "dir/dangling");
        assertThat(first.next()).isEqualTo("dir/dangling");
        assertThat(rest.entries()).extracting(FileInfo::name)
                .containsExactly("dir/e.json", "dir/sub", "dir/sub/c.log", "dir/sub/d.log");
        List<String> streamed = new ArrayList<>();
        repo.listFiles("latest", "ünïcödé", f -> streamed.add(f.name()));
        assertThat(streamed).containsExactly("ünïcödé", "ünïcödé/файл 名前.txt");
    }

    @Test
    void snapshotListShowsTotalsAndParents() throws IOException {
        BackupResult a = repo.backup(source);
        clock.advance(Duration.ofMinutes(10));
        Files.writeString(source.resolve("new.txt"), "new file");
        BackupResult b = repo.backup(source);

        List<SnapshotInfo> list = repo.snapshots();

        assertThat(list).hasSize(2);
        assertThat(list.get(0).parent()).isNull();
        assertThat(list.get(1).parent()).isEqualTo(a.snapshot());
        assertThat(list.get(1).name()).isEqualTo(b.snapshot());
        assertThat(list.get(1).files()).isEqualTo(9);
        assertThat(list.get(1).time()).isEqualTo(clock.instant());
        assertThat(list.get(0).addedBytes()).isGreaterThan(list.get(1).addedBytes());
        assertThat(list.get(1).addedBytes()).isPositive();
    }

    @Test
    void killedBackupLeavesNoSnapshotAndACleanRepositoryThatTheNextRunReuses() throws IOException {
        repo.backup(source);
        SourceTrees.write(source.resolve("more/new.bin"), SourceTrees.data(5, 200_000));
        clock.advance(Duration.ofHours(1));
        FaultyStorage dying = new FaultyStorage(storage, FaultyStorage.Op.PUT, RepositoryLayout.SNAPSHOTS, 1);

        assertThatThrownBy(() -> new IncrementRepository(dying, TestRepos.options(clock)).backup(source))
                .isInstanceOf(BackupException.class).hasMessageContaining("injected crash");

        assertThat(repo.snapshots()).hasSize(1);
        clock.advance(Duration.ofHours(1)); // the dead run's lock expires
        CheckReport report = repo.check(true);
        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();
        BackupResult retry = repo.backup(source);
        assertThat(retry.addedRawBytes()).isLessThan(20_000); // the new file's chunks were stored and indexed
    }

    private static void setTime(Path p, String mtime) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(java.time.Instant.parse(mtime)));
    }

    private static java.time.Instant mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    @Test
    void restoringChosenFilesSetsTheirParentDirectoriesTimesAsInTheSnapshot() throws IOException {
        Files.createDirectories(source.resolve("p/q"));
        SourceTrees.write(source.resolve("p/q/chosen.txt"), SourceTrees.data(7, 3_000));
        SourceTrees.write(source.resolve("p/other.txt"), SourceTrees.data(8, 3_000));
        setTime(source.resolve("p/q/chosen.txt"), "2024-03-03T03:03:03.333333333Z");
        setTime(source.resolve("p/q"), "2023-02-02T02:02:02.222222222Z");
        setTime(source.resolve("p"), "2022-01-01T01:01:01.111111111Z");
        String id = repo.backup(source).snapshot();

        Path empty = tmp.resolve("empty");
        repo.restore(id, List.of("p/q/chosen.txt"), empty);

        assertThat(mtime(empty.resolve("p/q/chosen.txt"))).isEqualTo(java.time.Instant.parse("2024-03-03T03:03:03.333333333Z"));
        assertThat(mtime(empty.resolve("p/q"))).isEqualTo(java.time.Instant.parse("2023-02-02T02:02:02.222222222Z"));
        assertThat(mtime(empty.resolve("p"))).isEqualTo(java.time.Instant.parse("2022-01-01T01:01:01.111111111Z"));
        assertThat(empty.resolve("p/other.txt")).doesNotExist();

        // into a live volume: its directories exist, with times of their own
        Path live = tmp.resolve("live");
        Files.createDirectories(live.resolve("p/q"));
        SourceTrees.write(live.resolve("p/q/kept.txt"), SourceTrees.data(9, 100));
        repo.restore(id, List.of("p/q/chosen.txt"), live);

        assertThat(mtime(live.resolve("p/q"))).isEqualTo(java.time.Instant.parse("2023-02-02T02:02:02.222222222Z"));
        assertThat(mtime(live.resolve("p"))).isEqualTo(java.time.Instant.parse("2022-01-01T01:01:01.111111111Z"));
        assertThat(live.resolve("p/q/kept.txt")).exists();
    }
}
