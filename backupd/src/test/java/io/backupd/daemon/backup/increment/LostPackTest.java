package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack lost from storage (deleted by hand, lost by the storage) while the volume still holds its
 * files: the next backup notices it against the index, stores those chunks again and says so.
 */
class LostPackTest {
    @TempDir
    Path tmp;
    Path source;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    IncrementRepository repo;

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        repo = new IncrementRepository(storage, TestRepos.options(clock));
    }

    private String packOf(String snapshot, String path) {
        return TestRepos.locate(storage, TestRepos.chunksOf(storage, snapshot, path).get(0)).pack();
    }

    /** Chunk ids the index places in {@code packs}. */
    private Set<ChunkId> chunksIn(Set<String> packs) {
        Set<ChunkId> ids = new HashSet<>();
        IndexLoader.load(storage).index().forEach((pack, blob) -> {
            if (packs.contains(pack)) {
                ids.add(blob.id());
            }
        });
        return ids;
    }

    @Test
    void theNextBackupStoresTheLostChunksAgainAndItsSnapshotRestoresEveryByte() throws IOException {
        String first = repo.backup(source).snapshot();
        // one pack with a file that stays, one with a file that is gone by the next backup
        Set<String> lost = Set.of(packOf(first, "big.bin"), packOf(first, "dir/sub/c.log"));
        Set<ChunkId> lostChunks = chunksIn(lost);
        lost.forEach(p -> storage.delete(RepositoryLayout.packKey(p)));
        Files.delete(source.resolve("dir/sub/c.log"));

        BackupResult second = repo.backup(source);

        Set<ChunkId> needed = new HashSet<>();
        for (String path : List.of("a.txt", "big.bin", "dir/sub/d.log", "dir/e.json", "ünïcödé/файл 名前.txt", "run.sh")) {
            needed.addAll(TestRepos.chunksOf(storage, second.snapshot(), path));
        }
        needed.retainAll(lostChunks);
        assertThat(needed).as("the lost packs held chunks of files still there").isNotEmpty();
        assertThat(second.missingPacks()).isEqualTo(lost.size());
        assertThat(second.lostChunks()).isEqualTo(lostChunks.size());
        assertThat(second.chunksStoredAgain()).isEqualTo(needed.size());

        Path target = tmp.resolve("restored");
        repo.restore(second.snapshot(), List.of("*"), target);
        SourceTrees.assertSameTree(source, target);

        CheckReport check = repo.check(true);
        assertThat(check.problems()).as("the new snapshot is whole").noneMatch(p -> second.snapshot().equals(p.snapshot()));
        assertThat(check.problems()).as("the old one still needs what nobody could store again")
                .anyMatch(p -> first.equals(p.snapshot()) && "dir/sub/c.log".equals(p.path()));
        assertThat(check.ok()).isFalse();
    }

    @Test
    void theHealingIsDurableTheNextRunMeetsNoLostPack() throws IOException {
        String first = repo.backup(source).snapshot();
        String lost = packOf(first, "big.bin");
        storage.delete(RepositoryLayout.packKey(lost));

        assertThat(repo.backup(source).missingPacks()).isEqualTo(1);

        assertThat(IndexLoader.load(storage).index().packs()).doesNotContain(lost);
        BackupResult third = repo.backup(source);
        assertThat(third.missingPacks()).isZero();
        assertThat(third.chunksStoredAgain()).isZero();
        assertThat(third.filesRead()).as("nothing changed since the healed run").isZero();
    }

    @Test
    void aRepositoryWithAllItsPacksHealsNothing() throws IOException {
        repo.backup(source);
        SourceTrees.write(source.resolve("new.txt"), SourceTrees.data(11, 20_000));

        BackupResult r = repo.backup(source);

        assertThat(r.missingPacks()).isZero();
        assertThat(r.lostChunks()).isZero();
        assertThat(r.chunksStoredAgain()).isZero();
        assertThat(repo.check(false).ok()).isTrue();
    }
}
