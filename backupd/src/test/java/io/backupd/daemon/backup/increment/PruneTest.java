package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PruneTest {
    @TempDir
    Path tmp;
    Path source;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    IncrementRepository repo;
    String oldSnapshot;
    String newSnapshot;

    /** Three backups; the first two forgotten leave one file's old versions as garbage. */
    @BeforeEach
    void threeBackupsTheOldestTwoForgotten() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        repo = new IncrementRepository(storage, TestRepos.options(clock));
        oldSnapshot = repo.backup(source).snapshot();
        for (int round = 0; round < 2; round++) {
            clock.advance(Duration.ofDays(1));
            SourceTrees.write(source.resolve("big.bin"), SourceTrees.data(100 + round, 300_000));
            Files.delete(source.resolve(round == 0 ? "dir/sub/c.log" : "dir/sub/d.log"));
            newSnapshot = repo.backup(source).snapshot();
        }
    }

    private long repositoryBytes() throws IOException {
        try (Stream<Path> s = Files.walk(storage.root())) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void forgetRemovesOlderSnapshotsButNeverTheNewest() {
        ForgetResult none = repo.forget(clock.instant().minus(Duration.ofDays(5)));
        assertThat(none.removed()).isEmpty();

        ForgetResult r = repo.forget(clock.instant().plus(Duration.ofDays(365)));

        assertThat(r.removed()).hasSize(2).contains(oldSnapshot);
        assertThat(r.kept()).containsExactly(newSnapshot);
        assertThat(repo.snapshots()).extracting(SnapshotInfo::name).containsExactly(newSnapshot);
        assertThat(repo.forget(clock.instant().plus(Duration.ofDays(365))).removed()).isEmpty();
    }

    @Test
    void forgetByAgeKeepsTheYoungerOnes() {
        ForgetResult r = repo.forget(clock.instant().minus(Duration.ofHours(36)));
        assertThat(r.removed()).containsExactly(oldSnapshot);
        assertThat(r.kept()).hasSize(2);
    }

    @Test
    void pruneRemovesUnreferencedDataAndTheRestStaysIntact() throws IOException {
        assertThat(repo.prune().packsDeleted()).isZero(); // everything is still referenced
        repo.forget(clock.instant());
        long before = repositoryBytes();

        PruneResult r = repo.prune();

        assertThat(r.packsDeleted() + r.packsRepacked()).isPositive();
        assertThat(r.bytesFreed()).isPositive();
        assertThat(repositoryBytes()).isLessThan(before - 300_000);
        CheckReport check = repo.check(true);
        assertThat(check.problems()).isEmpty();
        assertThat(check.notes()).isEmpty();
        Path target = tmp.resolve("restored");
        repo.restore("latest", List.of("*"), target);
        SourceTrees.assertSameTree(source, target);
        PruneResult again = repo.prune();
        assertThat(again.packsDeleted() + again.packsRepacked() + again.packsWritten()).isZero();
    }

    static Stream<Arguments> crashPoints() {
        return Stream.of(
                Arguments.of("first repacked pack", FaultyStorage.Op.PUT, RepositoryLayout.PACKS, 1),
                Arguments.of("new index", FaultyStorage.Op.PUT, RepositoryLayout.INDEX, 1),
                Arguments.of("first old index delete", FaultyStorage.Op.DELETE, RepositoryLayout.INDEX, 1),
                Arguments.of("second old index delete", FaultyStorage.Op.DELETE, RepositoryLayout.INDEX, 2),
                Arguments.of("first pack delete", FaultyStorage.Op.DELETE, RepositoryLayout.PACKS, 1),
                Arguments.of("second pack delete", FaultyStorage.Op.DELETE, RepositoryLayout.PACKS, 2),
                Arguments.of("last pack delete", FaultyStorage.Op.DELETE, RepositoryLayout.PACKS, -1),
                Arguments.of("lock release", FaultyStorage.Op.DELETE, RepositoryLayout.LOCKS, 1));
    }

    @ParameterizedTest(name = "crash at {0}")
    @MethodSource("crashPoints")
    void pruneKilledAtAnyStepLeavesACheckCleanRepository(String step, FaultyStorage.Op op, String prefix, int nth)
            throws IOException {
        repo.forget(clock.instant());
        if (nth < 0) {
            nth = countOnACopy(op, prefix);
        }
        FaultyStorage dying = new FaultyStorage(storage, op, prefix, nth);

        try {
            new IncrementRepository(dying, TestRepos.options(clock)).prune();
        } catch (BackupException e) {
            assertThat(e).hasMessageContaining("injected crash");
        }
        assertThat(dying.crashed()).as("the crash point was reached").isTrue();

        clock.advance(Duration.ofHours(1)); // the dead prune's lock expires
        CheckReport report = repo.check(true);
        assertThat(report.problems()).as(step).isEmpty();
        Path target = tmp.resolve("restored");
        repo.restore("latest", List.of("*"), target);
        SourceTrees.assertSameTree(source, target);
        repo.prune();
        CheckReport after = repo.check(true);
        assertThat(after.problems()).isEmpty();
        assertThat(after.notes()).isEmpty();
    }

    /** How many calls of a kind a prune makes, counted on a copy of the repository. */
    private int countOnACopy(FaultyStorage.Op op, String prefix) throws IOException {
        Path copy = tmp.resolve("copy");
        try (Stream<Path> files = Files.walk(storage.root())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(storage.root().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        FaultyStorage counting = new FaultyStorage(new FsRepositoryStorage(copy), op, prefix, Integer.MAX_VALUE);
        new IncrementRepository(counting, TestRepos.options(clock)).prune();
        return counting.seen();
    }

    @Test
    void pruneRefusesWhenASnapshotNeedsAMissingChunk() throws IOException {
        List<ChunkId> chunks = TestRepos.chunksOf(storage, newSnapshot, "dir/e.json");
        storage.delete(RepositoryLayout.packKey(TestRepos.locate(storage, chunks.get(0)).pack()));
        long before = repositoryBytes();

        assertThatThrownBy(() -> repo.prune()).isInstanceOf(BackupException.class)
                .hasMessageContaining("nothing was deleted");
        assertThat(repositoryBytes()).isEqualTo(before);
    }
}
