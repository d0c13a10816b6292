package io.backupd.daemon.backup.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.backupd.daemon.backup.recover.RecoverTaskTest.ONE;
import static io.backupd.daemon.backup.recover.RecoverTaskTest.T;
import static io.backupd.daemon.backup.recover.RecoverTaskTest.code;

import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.FullFormat;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.full.GzipMember;
import io.backupd.daemon.backup.full.GzipMemberIndex;
import io.backupd.daemon.backup.restore.Processes;
import io.backupd.daemon.backup.restore.TreeSnapshot;
import io.backupd.daemon.catalog.CatalogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each archive format through the recover task as the daemon wires it: {@code tar.zst}; {@code tar.gz}
 * with its member index (inflated on every core); {@code tar.gz} made by GNU tar, or whose index is
 * missing, damaged or another archive's (inflated on one core); and damaged archives, which are
 * refused with the volume untouched.
 */
class FormatRecoverTest {
    @TempDir
    Path dir;

    RecoverRig rig;
    Path volume;
    Map<String, String> backedUp;

    /** A volume of several gzip members (3.5 MiB of log lines), nested dirs, a symlink and modes. */
    @BeforeEach
    void setUp() throws IOException {
        rig = new RecoverRig(dir);
        volume = rig.volume(ONE);
        StringBuilder log = new StringBuilder();
        for (int i = 0; log.length() < 3_500_000; i++) {
            log.append("2026-03-01T00:00:").append(i % 60).append(" request ").append(i).append(" served in ")
                    .append(i * 7 % 1000).append(" ms\n");
        }
        Files.writeString(Files.createDirectories(volume.resolve("logs/2026")).resolve("app.log"), log);
        Files.writeString(volume.resolve("config.yaml"), "workers: 4\n");
        Files.setPosixFilePermissions(volume.resolve("config.yaml"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(volume.resolve("current.log"), Path.of("logs/2026/app.log"));
        Files.createDirectories(volume.resolve("empty"));
        backedUp = TreeSnapshot.of(volume);
    }

    /** A real backup of the volume in {@code format}, after which the volume changes. */
    CatalogEntry backupThenChange(FullFormat format) throws IOException {
        CatalogEntry backup = rig.backup(ONE, T, format);
        changeTheVolume();
        return backup;
    }

    /** What happens to the volume after its backup, so that a restore shows. */
    void changeTheVolume() throws IOException {
        Files.writeString(volume.resolve("config.yaml"), "workers: 8\n");
        Files.writeString(volume.resolve("added.txt"), "written after the backup\n");
        Files.delete(volume.resolve("current.log"));
    }

    Map<String, Object> recover(CatalogEntry backup) {
        return rig.task().run(new RecoverRig.Run(Map.of("file", backup.name()), "rid0001"));
    }

    void assertRestored() {
        assertThat(TreeSnapshot.of(volume)).isEqualTo(backedUp);
        assertThat(rig.besideVolume(volume)).containsExactly("data");
        assertThat(rig.locks.held()).isEmpty();
    }

    void assertUntouched() throws IOException {
        assertThat(Files.readString(volume.resolve("config.yaml"))).isEqualTo("workers: 8\n");
        assertThat(volume.resolve("added.txt")).exists();
        assertThat(volume.resolve("current.log")).doesNotExist();
        assertThat(rig.besideVolume(volume)).containsExactly("data");
        assertThat(rig.layout.restoreJournalDir()).isEmptyDirectory();
        assertThat(rig.locks.held()).isEmpty();
    }

    List<GzipMember> indexOf(CatalogEntry backup) {
        return new GzipArchiveReader(rig.storage, rig.layout::memberIndexKey).memberIndex(backup);
    }

    Path indexFile(CatalogEntry backup) {
        return rig.storeRoot.resolve(rig.layout.memberIndexKey(backup.key()));
    }

    @Test
    void aTarZstBackupRestoresExactly() throws IOException {
        CatalogEntry backup = backupThenChange(FullFormat.TAR_ZST);

        Map<String, Object> result = recover(backup);

        assertThat(backup.name()).endsWith(".tar.zst");
        assertThat(backup.format()).isEqualTo("tar.zst");
        assertThat(result).containsEntry("sha256", backup.sha256()).containsEntry("files", 2L);
        assertRestored();
    }

    @Test
    void aTarGzBackupIsInflatedOnEveryCoreFromTheMemberIndexBesideIt() throws IOException {
        CatalogEntry backup = backupThenChange(FullFormat.TAR_GZ);
        List<GzipMember> index = indexOf(backup);
        assertThat(index).as("3.5 MiB of tar in 1 MiB members").hasSizeGreaterThanOrEqualTo(4);
        assertThat(index.get(index.size() - 1).compressedEnd()).isEqualTo(backup.size());

        RecoverRig.Run run = new RecoverRig.Run(Map.of("file", backup.name()), "rid0001");
        rig.task().run(run);

        assertRestored();
        assertThat(run.progress.snapshot().bytesDone()).as("both passes read the whole archive").isEqualTo(2 * backup.size());
    }

    @Test
    void aTarGzMadeByGnuTarWithoutAnIndexStillRestores() throws IOException {
        Path archive = dir.resolve("by-gnu-tar.tar.gz");
        Processes.ok(List.of("tar", "--format=posix", "-czf", archive.toString(), "-C", volume.toString(), "."));
        CatalogEntry backup = rig.store(ONE, T, Files.readAllBytes(archive), "full", "tar.gz");
        changeTheVolume();
        assertThat(indexOf(backup)).isEmpty();

        recover(backup);

        assertRestored();
    }

    @Test
    void aDamagedOrForeignMemberIndexIsPassedOverAndTheArchiveRestoresOnOneCore() throws IOException {
        CatalogEntry other = rig.backup(ONE, T.minusSeconds(60), FullFormat.TAR_GZ);
        Files.writeString(volume.resolve("config.yaml"), "workers: 4\n"); // same content, another archive size
        Files.writeString(volume.resolve("logs/2026/app.log"), "short\n");
        CatalogEntry backup = rig.backup(ONE, T, FullFormat.TAR_GZ);
        backedUp = TreeSnapshot.of(volume);
        changeTheVolume();

        byte[] damaged = Files.readAllBytes(indexFile(backup));
        damaged[damaged.length / 2] ^= 0x10;
        Files.write(indexFile(backup), damaged);
        assertThat(indexOf(backup)).as("checksum mismatch").isEmpty();
        recover(backup);
        assertRestored();

        changeTheVolume();
        Files.copy(indexFile(other), indexFile(backup), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(indexOf(backup)).as("it tiles another archive").isEmpty();
        recover(backup);
        assertRestored();
    }

    @Test
    void anIndexThatCutsTheArchiveWronglyIsRefusedAndTheVolumeKeepsItsContent() throws IOException {
        CatalogEntry backup = backupThenChange(FullFormat.TAR_GZ);
        List<GzipMember> index = indexOf(backup);
        // the same bytes cut elsewhere: members 0 and 1 as one. Only a hand-made index can do this
        List<GzipMember> merged = new ArrayList<>();
        merged.add(new GzipMember(0, 0, index.get(0).compressedLength() + index.get(1).compressedLength(),
                index.get(0).uncompressedLength() + index.get(1).uncompressedLength()));
        merged.addAll(index.subList(2, index.size()));
        Files.write(indexFile(backup), GzipMemberIndex.toBytes(merged));

        assertThatThrownBy(() -> recover(backup)).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(code(f)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(f.getMessage()).contains("unreadable", "gzip member #0", "index says");
        });
        assertUntouched();
    }

    @Test
    void aCorruptTarZstIsRefusedAndTheVolumeKeepsItsContent() throws IOException {
        CatalogEntry backup = backupThenChange(FullFormat.TAR_ZST);
        byte[] stored = Files.readAllBytes(rig.storeRoot.resolve(backup.key()));
        byte[] flipped = stored.clone();
        flipped[flipped.length / 2] ^= 0x5a;

        rig.storage.replace(backup.key(), flipped);
        assertThatThrownBy(() -> recover(backup)).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(code(f)).as("the catalog's digest catches it first").isEqualTo(ErrorCode.STORAGE_FAILED);
            assertThat(f.getMessage()).contains("digest mismatch");
        });
        assertUntouched();

        // damaged before it was hashed (a rebuild lists whatever is there): zstd's own checks refuse it
        for (byte[] damaged : List.of(flipped, Arrays.copyOf(stored, stored.length - 100))) {
            rig.relist(backup, damaged);
            assertThatThrownBy(() -> recover(backup)).isInstanceOfSatisfying(TaskFailure.class, f -> {
                assertThat(code(f)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(f.getMessage()).contains("archive entry", "unreadable");
            });
            assertUntouched();
        }
    }

    @Test
    void aRestoreCancelledWhileReadingOnABackgroundThreadStillEndsAsACancellation() throws IOException {
        Path gnu = dir.resolve("by-gnu-tar.tar.gz");
        Processes.ok(List.of("tar", "-czf", gnu.toString(), "-C", volume.toString(), "."));
        List<CatalogEntry> readInTheBackground = List.of(rig.backup(ONE, T, FullFormat.TAR_ZST),
                rig.store(ONE, T.plusSeconds(1), Files.readAllBytes(gnu), "full", "tar.gz"));
        changeTheVolume();

        for (CatalogEntry backup : readInTheBackground) {
            RecoverRig.Run run = new RecoverRig.Run(Map.of("file", backup.name()), "rid0002") {
                @Override
                public boolean cancelled() {
                    return progress.snapshot().bytesDone() > backup.size(); // the digest pass is done, extraction has begun
                }
            };
            assertThatThrownBy(() -> rig.task().run(run)).as(backup.format()).isInstanceOf(CancellationException.class)
                    .hasMessageContaining("keeps its old content");
            assertUntouched();
        }
    }
}
