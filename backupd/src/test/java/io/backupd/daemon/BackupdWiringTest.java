package io.backupd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.cron.TaskRegistry;
import io.backupd.common.spec.FullFormat;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.format.ArchiveFormat;
import io.backupd.daemon.backup.format.ArchiveFormatRegistry;
import io.backupd.daemon.backup.recover.ArchiveFormats;
import io.backupd.daemon.backup.recover.ArchiveReader;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.backup.restore.CrashPoint;
import io.backupd.daemon.backup.restore.Decompressor;
import io.backupd.daemon.backup.restore.VolumeSwap;
import io.backupd.daemon.hooks.LocalHookRunner;
import io.backupd.daemon.storage.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root's lists as the daemon runs them: tasks, archive writers and archive formats. */
class BackupdWiringTest {
    @TempDir
    Path dir;

    @Test
    void recoverAndMigrateAreOneTaskUnderTwoNames() {
        DaemonConfig config = new DaemonConfig("127.0.0.1", 0, "10.0.0.5", "fs:" + dir.resolve("store"), dir.resolve("volumes"),
                dir.resolve("data"), "local", Duration.ofSeconds(5), ZoneOffset.UTC, 2, Duration.ZERO);
        SharedParts parts = SharedParts.of(config, new InMemoryStorage(Clock.systemUTC()), Clock.systemUTC());
        TaskRegistry tasks = Backupd.tasks(config, parts, new VolumeSwap(dir.resolve("journals"), CrashPoint.NONE),
                new LocalHookRunner(), List::of, Clock.systemUTC());

        assertThat(tasks.actions()).containsExactly("backup", "backup_expire", "backup_recover", "backup_migrate",
                "backup_recover_files", "backup_check");
        assertThat(tasks.lookup("backup_recover")).isSameAs(tasks.lookup("backup_migrate"));
    }

    @Test
    void tarGzWithoutAMemberIndexIsReadAcrossEveryGzipMemberAsPigzAndGzipMakeThem() throws IOException {
        byte[] tar = new byte[3 * 70_000];
        new Random(7).nextBytes(tar);
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        for (int start = 0; start < tar.length; start += 70_000) {
            members.write(gzip(tar, start, 70_000));
        }
        InMemoryStorage storage = new InMemoryStorage(Clock.systemUTC());
        Decompressor gz = Backupd.archiveFormats(storage, new BackupLayout(dir)).readers().lookup("tar.gz")
                .decompressorFor(entry("a-a.web.web-1-d-1700000000.tar.gz", members.size()));
        try (InputStream in = gz.open(new ByteArrayInputStream(members.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(tar);
        }
    }

    @Test
    void bothFormatsAreWrittenAndReadAndAnUnknownOneIsABadRequest() {
        ArchiveFormatRegistry registry = Backupd.archiveFormats(new InMemoryStorage(Clock.systemUTC()), new BackupLayout(dir));
        assertThat(registry.writers()).containsOnlyKeys(FullFormat.values());
        assertThat(registry.writers()).allSatisfy((format, writer) -> assertThat(writer.extension()).isEqualTo(format.extension()));
        ArchiveFormats formats = registry.readers();
        assertThat(formats.names()).containsExactly("tar.gz", "tar.zst");
        assertThatThrownBy(() -> registry.register(new ArchiveFormat(FullFormat.TAR_GZ,
                registry.writers().get(FullFormat.TAR_GZ), ArchiveReader.of(Decompressor.NONE))))
                .as("one registration per format").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ArchiveFormat(FullFormat.TAR_ZST, registry.writers().get(FullFormat.TAR_GZ),
                ArchiveReader.of(Decompressor.NONE))).as("a writer of another extension")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".tar.zst", ".tar.gz");
        assertThatThrownBy(() -> formats.register("tar.gz", ArchiveReader.of(Decompressor.NONE)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> formats.lookup("tar.xz")).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("'tar.xz'", "[tar.gz, tar.zst]");
        });
    }

    private static CatalogEntry entry(String name, long size) {
        return new CatalogEntry(name, "a/a.web.web/1/d/full/" + name, CatalogEntry.FULL, "tar.gz", size, "0".repeat(64),
                Instant.EPOCH, "a", "a.web.web", 1, null, "/d", List.of(), null, null, null, CatalogEntry.COMPLETE, null, Map.of());
    }

    static byte[] gzip(byte[] data, int offset, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data, offset, length);
        }
        return out.toByteArray();
    }
}
