package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full restore writes no more than its catalog entry says it may, and keeps a sparse file sparse: its runs of zero blocks become holes again, as
 * {@code restic restore --sparse} does, instead of real blocks of zeros. The archive stores the
 * file at its whole length, as our own full backups (and GNU tar without {@code -S}) do.
 */
class SparseRestoreTest {
    private static final long LENGTH = 256L << 20;
    private static final long AT_MOST = 1L << 20;

    @Test
    void aSparseFileInAFullArchiveIsRestoredWithItsHoles(@TempDir Path tmp) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Sparse.create(source.resolve("db.sparse"), LENGTH);
        assertThat(Sparse.allocatedBytes(source.resolve("db.sparse"))).isLessThan(AT_MOST);
        Path archive = tmp.resolve("archive.tar.gz");
        Processes.ok(List.of("tar", "--format=posix", "-czf", archive.toString(), "-C", source.toString(), "."));
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));

        fx.restorer(CrashPoint.NONE).restore(new RestoreRequest(fx.volume, "r1", () -> Files.newInputStream(archive),
                GzipCompressorInputStream::new, RestoreFixture.sha256(Files.readAllBytes(archive))));

        Path restored = fx.volume.resolve("db.sparse");
        assertThat(Files.size(restored)).isEqualTo(LENGTH);
        Processes.ok(List.of("cmp", source.resolve("db.sparse").toString(), restored.toString()));
        assertThat(Sparse.allocatedBytes(restored)).isLessThan(AT_MOST);
    }

    @Test
    void anArchiveThatWouldWriteMoreThanItsRecordedBytesIsRefusedAndTheVolumeKept(@TempDir Path tmp) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        byte[] data = new byte[4 << 20];
        new java.util.Random(1).nextBytes(data);
        Files.write(source.resolve("bomb.bin"), data);
        Path archive = tmp.resolve("archive.tar.gz");
        Processes.ok(List.of("tar", "-czf", archive.toString(), "-C", source.toString(), "."));
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));
        var before = TreeSnapshot.of(fx.volume);
        // the catalog entry claims one file of 1000 bytes
        long bound = RestoreRequest.dataBoundOf(1000L, 1L);

        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(new RestoreRequest(fx.volume, "r1",
                () -> Files.newInputStream(archive), GzipCompressorInputStream::new,
                RestoreFixture.sha256(Files.readAllBytes(archive)), bound)))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("bomb.bin", "more than " + bound + " bytes", "catalog");
                });
        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(before);
        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void theRecordedBytesOfAFullBackupAreEnoughToRestoreIt(@TempDir Path tmp) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        byte[] data = new byte[300_001];
        new java.util.Random(2).nextBytes(data);
        Files.write(source.resolve("a.bin"), data);
        Files.write(source.resolve("b.bin"), new byte[] {1, 2, 3});
        Path archive = tmp.resolve("archive.tar.gz");
        Processes.ok(List.of("tar", "-czf", archive.toString(), "-C", source.toString(), "."));
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));

        fx.restorer(CrashPoint.NONE).restore(new RestoreRequest(fx.volume, "r1", () -> Files.newInputStream(archive),
                GzipCompressorInputStream::new, RestoreFixture.sha256(Files.readAllBytes(archive)),
                RestoreRequest.dataBoundOf(300_004L, 2L)));

        assertThat(fx.volume.resolve("a.bin")).hasBinaryContent(data);
    }
}
