package io.backupd.daemon.backup.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.RunProgress;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.catalog.CatalogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task around the restorer: progress, the volume lock, cancellation, and how each failure reads in the record. */
class RecoverTaskTest {
    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    static final BackupTarget ONE = new BackupTarget("hello", "hello.web.web", 1, "/data");

    @TempDir
    Path dir;

    RecoverRig rig;
    Path volume;
    CatalogEntry backup;

    @BeforeEach
    void setUp() throws IOException {
        rig = new RecoverRig(dir);
        volume = rig.volume(ONE);
        Files.writeString(volume.resolve("kept.txt"), "backed up\n");
        Files.write(volume.resolve("big.bin"), new byte[300_000]);
        backup = rig.backup(ONE, T);
        Files.writeString(volume.resolve("kept.txt"), "changed since\n");
        Files.writeString(volume.resolve("added.txt"), "added since\n");
    }

    RecoverRig.Run run(String... fields) {
        Map<String, String> args = new java.util.HashMap<>(Map.of("file", backup.name()));
        for (int i = 0; i < fields.length; i += 2) {
            args.put(fields[i], fields[i + 1]);
        }
        return new RecoverRig.Run(args, "rid0001");
    }

    static ErrorCode code(TaskFailure failure) {
        return ((BackupException) failure.getCause()).code();
    }

    void assertUnchanged() throws IOException {
        assertThat(Files.readString(volume.resolve("kept.txt"))).isEqualTo("changed since\n");
        assertThat(volume.resolve("added.txt")).exists();
        assertThat(rig.besideVolume(volume)).containsExactly("data");
        assertThat(rig.locks.held()).isEmpty();
    }

    @Test
    void aRecoverReplacesTheContentAndCountsBothPassesInProgress() throws Exception {
        RecoverRig.Run run = run();
        Map<String, Object> result = rig.task().run(run);

        assertThat(Files.readString(volume.resolve("kept.txt"))).isEqualTo("backed up\n");
        assertThat(volume.resolve("added.txt")).doesNotExist();
        assertThat(result).containsEntry("backup", backup.name()).containsEntry("migrate", false)
                .containsEntry("sha256", backup.sha256()).containsEntry("files", 2L).containsKeys("durationMs", "notes", "bytes");
        RunProgress progress = run.progress.snapshot();
        assertThat(progress.bytesTotal()).isEqualTo(2 * backup.size());
        assertThat(progress.bytesDone()).isEqualTo(2 * backup.size());
        assertThat(rig.besideVolume(volume)).containsExactly("data");
        assertThat(rig.locks.held()).isEmpty();
    }

    @Test
    void aTargetHeldByAnotherRunFailsWithVolumeBusy() throws IOException {
        try (VolumeLocks.Held held = rig.locks.acquire(volume, "backup-run-7")) {
            assertThatThrownBy(() -> rig.task().run(run())).isInstanceOfSatisfying(TaskFailure.class, f -> {
                assertThat(code(f)).isEqualTo(ErrorCode.VOLUME_BUSY);
                assertThat(f.getMessage()).contains("backup-run-7");
                assertThat(f.result()).containsEntry("error", "VOLUME_BUSY").containsEntry("backup", backup.name());
            });
        }
        assertUnchanged();
    }

    @Test
    void aRunCancelledWhileExtractingStopsBeforeTheSwap() throws IOException {
        RecoverRig.Run run = new RecoverRig.Run(Map.of("file", backup.name()), "rid0002") {
            @Override
            public boolean cancelled() {
                return progress.snapshot().bytesDone() > backup.size(); // the digest pass is done, extraction has begun
            }
        };
        assertThatThrownBy(() -> rig.task().run(run)).isInstanceOf(CancellationException.class)
                .hasMessageContaining("keeps its old content");
        assertUnchanged();
        assertThat(rig.layout.restoreJournalDir()).isEmptyDirectory();
    }

    @Test
    void anUnsafeArchiveFailsWithTheExtractorsReason() throws IOException {
        CatalogEntry evil = rig.store(ONE, T.plusSeconds(1), tarGz("../evil.txt", "boom"), "full", "tar.gz");
        assertThatThrownBy(() -> rig.task().run(run("file", evil.name()))).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(code(f)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(f.getMessage()).contains("archive entry '../evil.txt'");
        });
        assertUnchanged();
        assertThat(volume.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void anArchiveGoneFromStorageIsAStorageFailure() throws IOException {
        Files.delete(rig.storeRoot.resolve(backup.key()));
        assertThatThrownBy(() -> rig.task().run(run())).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(code(f)).isEqualTo(ErrorCode.STORAGE_FAILED);
            assertThat(f.getMessage()).contains("listed in its catalog but missing from storage");
        });
        assertUnchanged();
    }

    @Test
    void theRunPlansAgainSoABackupDeletedMeanwhileFailsAsNotFound() throws IOException {
        rig.catalogs.update(rig.layout.catalogKey(ONE), io.backupd.daemon.catalog.Catalog::empty,
                c -> c.without(java.util.Set.of(backup.name())));
        assertThatThrownBy(() -> rig.task().run(run())).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(code(f)).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(f.result()).containsEntry("error", "NOT_FOUND").doesNotContainKey("backup");
        });
        assertUnchanged();
    }

    @Test
    void aMultiMemberGzipIsReadToItsEnd() throws Exception {
        byte[] tar = tar("first.txt", "one", "second.txt", "two");
        int half = tar.length / 2;
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        twoMembers.write(gzip(Arrays.copyOfRange(tar, 0, half)));
        twoMembers.write(gzip(Arrays.copyOfRange(tar, half, tar.length)));
        CatalogEntry parallel = rig.store(ONE, T.plusSeconds(2), twoMembers.toByteArray(), "full", "tar.gz");

        rig.task().run(run("file", parallel.name()));

        assertThat(Files.readString(volume.resolve("first.txt"))).isEqualTo("one");
        assertThat(Files.readString(volume.resolve("second.txt"))).isEqualTo("two");
        assertThat(volume.resolve("kept.txt")).doesNotExist();
    }

    static byte[] tarGz(String... nameContent) throws IOException {
        return gzip(tar(nameContent));
    }

    static byte[] tar(String... nameContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            for (int i = 0; i < nameContent.length; i += 2) {
                byte[] content = nameContent[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(nameContent[i], true);
                entry.setSize(content.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
