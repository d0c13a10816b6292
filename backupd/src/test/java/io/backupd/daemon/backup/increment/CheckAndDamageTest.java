package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckAndDamageTest {
    @TempDir
    Path tmp;
    Path source;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    IncrementRepository repo;
    String first;
    String second;

    @BeforeEach
    void twoSnapshots() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        repo = new IncrementRepository(storage, TestRepos.options(clock));
        first = repo.backup(source).snapshot();
        clock.advance(Duration.ofHours(1));
        Files.writeString(source.resolve("a.txt"), "changed");
        second = repo.backup(source).snapshot();
    }

    private ChunkIndex.Location chunkOf(String path) {
        return TestRepos.locate(storage, TestRepos.chunksOf(storage, second, path).get(0));
    }

    @Test
    void aHealthyRepositoryPassesBothChecks() {
        CheckReport structure = repo.check(false);
        CheckReport data = repo.check(true);
        assertThat(structure.ok()).isTrue();
        assertThat(structure.snapshots()).isEqualTo(2);
        assertThat(structure.blobsRead()).isZero();
        assertThat(data.ok()).isTrue();
        assertThat(data.problems()).isEmpty();
        assertThat(data.blobsRead()).isEqualTo(data.blobs());
    }

    @Test
    void aDeletedPackIsNamedWithTheChunksSnapshotsAndFilesThatNeedIt() {
        ChunkIndex.Location lost = chunkOf("dir/sub/c.log");
        storage.delete(RepositoryLayout.packKey(lost.pack()));

        CheckReport report = repo.check(false);

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(CheckProblem.Kind.MISSING_PACK);
            assertThat(p.pack()).isEqualTo(lost.pack());
        });
        assertThat(report.problems()).filteredOn(p -> p.kind() == CheckProblem.Kind.MISSING_CHUNK)
                .filteredOn(p -> lost.blob().id().hex().equals(p.chunk()))
                .extracting(CheckProblem::snapshot, CheckProblem::path)
                .contains(org.assertj.core.groups.Tuple.tuple(first, "dir/sub/c.log"),
                        org.assertj.core.groups.Tuple.tuple(second, "dir/sub/c.log"));
    }

    @Test
    void aCorruptedChunkIsFoundByReadingDataAndNamedWithItsFile() throws IOException {
        ChunkIndex.Location hit = chunkOf("big.bin");
        flipByte(hit);

        assertThat(repo.check(false).ok()).isTrue(); // structure is intact
        CheckReport report = repo.check(true);

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(CheckProblem.Kind.DAMAGED_CHUNK);
            assertThat(p.chunk()).isEqualTo(hit.blob().id().hex());
            assertThat(p.snapshot()).isEqualTo(second);
            assertThat(p.path()).isEqualTo("big.bin");
            assertThat(p.pack()).isEqualTo(hit.pack());
        });
    }

    @Test
    void aDamagedChunkFailsTheRestoreNamingTheFileAndRestoresTheRest() throws IOException {
        ChunkIndex.Location hit = chunkOf("dir/sub/c.log");
        flipByte(hit);
        Path target = tmp.resolve("restored");

        assertThatThrownBy(() -> repo.restore(second, List.of("*"), target))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("dir/sub/c.log")
                .hasMessageContaining(hit.blob().id().hex())
                .satisfies(e -> {
                    BackupException b = (BackupException) e;
                    assertThat(b.code()).isEqualTo(ErrorCode.STORAGE_FAILED);
                    assertThat(b.details().get("files")).isEqualTo(List.of("dir/sub/c.log"));
                });
        assertThat(target.resolve("dir/sub/c.log")).doesNotExist();
        assertThat(Files.readAllBytes(target.resolve("big.bin"))).isEqualTo(Files.readAllBytes(source.resolve("big.bin")));
        assertThat(SourceTrees.paths(target)).noneMatch(p -> p.contains(".bdrestore-"));
    }

    @Test
    void aCorruptedIndexFileIsReported() throws IOException {
        String key = storage.list(RepositoryLayout.INDEX).get(0);
        Path file = storage.root().resolve(key);
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x40;
        Files.write(file, b);

        CheckReport report = repo.check(false);

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).extracting(CheckProblem::kind).contains(CheckProblem.Kind.UNREADABLE_INDEX);
    }

    private void flipByte(ChunkIndex.Location where) throws IOException {
        Path pack = storage.root().resolve(RepositoryLayout.packKey(where.pack()));
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            long at = where.blob().offset() + where.blob().length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
        }
    }
}
