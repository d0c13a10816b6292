package io.backupd.daemon.backup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotExpiryTest {
    @TempDir
    Path dir;

    @Test
    void forgetsOldSnapshotsKeepsTheNewestAndPrunes() throws IOException {
        BackupLayout layout = new BackupLayout(dir.resolve("volumes"));
        InMemoryStorage storage = new InMemoryStorage();
        SnapshotRepositories repositories = new SnapshotRepositories(layout, storage, RepositoryOptions.defaults());
        BackupTarget target = new BackupTarget("hello", "hello.web.web", 1, "/data");
        Path volume = Files.createDirectories(layout.volumeDir(target));
        Files.writeString(volume.resolve("a.txt"), "first");
        String first = repositories.of(target).backup(volume).snapshot();
        Files.writeString(volume.resolve("a.txt"), "second, different");
        String second = repositories.of(target).backup(volume).snapshot();

        SnapshotExpiryOutcome outcome = new SnapshotExpiry(layout, repositories)
                .expire(target, "1m", Instant.now().plus(Duration.ofHours(1)));

        assertThat(outcome.skipped()).isNull();
        assertThat(outcome.prune()).isNotNull();
        assertThat(outcome.forgotten()).isEqualTo(List.of(layout.snapshotName(target, first)));
        assertThat(outcome.toResult()).containsKeys("forgotten", "kept", "prune").doesNotContainKey("reason");
        assertThat(repositories.of(target).snapshots()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo(second));
    }

    @Test
    void aSharedLockOfABackupKilledOnThisHostDoesNotMakeTheExpireSkipItsPrune() throws Exception {
        BackupLayout layout = new BackupLayout(dir.resolve("volumes"));
        InMemoryStorage storage = new InMemoryStorage();
        RepositoryOptions options = RepositoryOptions.defaults();
        SnapshotRepositories repositories = new SnapshotRepositories(layout, storage, options);
        BackupTarget target = new BackupTarget("hello", "hello.web.web", 1, "/data");
        Path volume = Files.createDirectories(layout.volumeDir(target));
        Files.writeString(volume.resolve("a.txt"), "first");
        repositories.of(target).backup(volume);
        Process killed = new ProcessBuilder("true").start();
        assertThat(killed.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String now = Instant.now().toString();
        storage.replace("hello/hello.web.web/1/data/increment/locks/1700000000000-abcdefabcdef.json", ("{\"version\":1,"
                + "\"id\":\"1700000000000-abcdefabcdef\",\"mode\":\"shared\",\"purpose\":\"backup\",\"owner\":\"backupd\","
                + "\"host\":\"" + options.host() + "\",\"pid\":" + killed.pid() + ",\"created\":\"" + now + "\","
                + "\"refreshed\":\"" + now + "\",\"expires_after_seconds\":1800}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Map<String, Object> outcome = new SnapshotExpiry(layout, repositories)
                .expire(target, "1m", Instant.now().plus(Duration.ofHours(1))).toResult();

        assertThat(outcome).doesNotContainKey("reason").containsKey("prune");
    }
}
