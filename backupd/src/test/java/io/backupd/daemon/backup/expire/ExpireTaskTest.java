package io.backupd.daemon.backup.expire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.CatalogRebuild;
import io.backupd.daemon.backup.FakeTaskContext;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.backup.snapshot.SnapshotExpiry;
import io.backupd.daemon.backup.snapshot.SnapshotRepositories;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogSeed;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.fs.FsStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpireTaskTest {
    static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    static final String APP = "hello";
    static final String PROC = "hello.web.web";

    @TempDir
    Path dir;

    Path storeRoot;
    Path volumeRoot;
    FsStorage storage;
    CatalogSeed seed;
    CatalogStore catalogs;
    BackupLayout layout;
    VolumeLocks locks;
    final List<Job> jobs = new ArrayList<>();
    ExpireTask task;

    @BeforeEach
    void setUp() {
        storeRoot = dir.resolve("store");
        volumeRoot = dir.resolve("volumes");
        storage = new FsStorage(storeRoot);
        seed = new CatalogSeed(storage);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC); // the task's notion of now; nothing here sleeps
        catalogs = new CatalogStore(storage, clock);
        layout = new BackupLayout(volumeRoot);
        locks = new VolumeLocks();
        task = new ExpireTask(() -> List.copyOf(jobs), layout, locks, catalogs,
                new CatalogRebuild(layout, storage, catalogs, locks, clock), storage,
                new SnapshotExpiry(layout, new SnapshotRepositories(layout, storage, RepositoryOptions.defaults())), clock);
    }

    static Job backupJob(int instanceNo, String volume, String expire, String... extra) {
        Map<String, String> args = new HashMap<>(Map.of("app", APP, "proc", PROC, "instanceNo", Integer.toString(instanceNo),
                "volume", volume, "mode", "full", "expire", expire));
        for (int i = 0; i < extra.length; i += 2) {
            args.put(extra[i], extra[i + 1]);
        }
        return Job.of("0a000005" + Integer.toHexString(args.hashCode()) + "0".repeat(24), "0 23 * * *", "backup", args, JobType.CRON);
    }

    CatalogEntry backup(int instanceNo, String volume, Duration age) {
        return seed.backup(APP, PROC, instanceNo, volume, NOW.minus(age));
    }

    List<String> names(int instanceNo, String volume) {
        return catalogs.read(CatalogSeed.catalogKey(APP, PROC, instanceNo, volume)).orElseThrow().entries().stream()
                .map(CatalogEntry::name).toList();
    }

    boolean stored(CatalogEntry e) {
        return Files.exists(storeRoot.resolve(e.key()));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> result, String key) {
        return (List<Map<String, Object>>) result.get(key);
    }

    @Test
    void backupsOlderThanTheExpireAreDeletedEntryAndArchiveAndReported() {
        CatalogEntry day1 = backup(1, "/data", Duration.ofDays(1));
        CatalogEntry day5 = backup(1, "/data", Duration.ofDays(5));
        CatalogEntry day10 = backup(1, "/data", Duration.ofDays(10));
        CatalogEntry day20 = backup(1, "/data", Duration.ofDays(20));
        jobs.add(backupJob(1, "/data", "7d"));

        Map<String, Object> result = task.run(new Context("rid-e1"));

        assertThat(names(1, "/data")).containsExactly(day5.name(), day1.name());
        assertThat(stored(day10)).isFalse();
        assertThat(stored(day20)).isFalse();
        assertThat(stored(day5)).isTrue();
        Map<String, Object> volume = list(result, "volumes").get(0);
        assertThat(volume).containsEntry("volume", "/data").containsEntry("instanceNo", 1).containsEntry("expire", "7d")
                .containsEntry("kept", 2);
        assertThat(list(volume, "deleted")).containsExactlyInAnyOrder(
                Map.of("name", day10.name(), "created", day10.created().toString(), "size", day10.size()),
                Map.of("name", day20.name(), "created", day20.created().toString(), "size", day20.size()));
        assertThat(result).containsEntry("deletedCount", 2L).containsEntry("deletedBytes", day10.size() + day20.size());
        assertThat(list(result, "skipped")).isEmpty();
    }

    @Test
    void theNewestBackupIsKeptEvenWhenEveryBackupIsOld() {
        CatalogEntry newest = backup(1, "/data", Duration.ofDays(30));
        CatalogEntry older = backup(1, "/data", Duration.ofDays(40));
        jobs.add(backupJob(1, "/data", "7d"));

        Map<String, Object> result = task.run(new Context("rid-e2"));

        assertThat(names(1, "/data")).containsExactly(newest.name());
        assertThat(stored(newest)).isTrue();
        assertThat(stored(older)).isFalse();
        assertThat(list(result, "volumes").get(0)).containsEntry("kept", 1);
        assertThat(task.run(new Context("rid-e3"))).as("a second run finds nothing more").containsEntry("deletedCount", 0L);
        assertThat(stored(newest)).isTrue();
    }

    @Test
    void anEmptyExpireKeepsEverything() {
        CatalogEntry old = backup(1, "/data", Duration.ofDays(400));
        CatalogEntry older = backup(1, "/data", Duration.ofDays(800));
        jobs.add(backupJob(1, "/data", ""));

        Map<String, Object> result = task.run(new Context("rid-e4"));

        assertThat(names(1, "/data")).containsExactly(older.name(), old.name());
        assertThat(stored(old) && stored(older)).isTrue();
        assertThat(list(result, "volumes").get(0)).containsEntry("expire", "").containsEntry("kept", 2);
        assertThat(list(list(result, "volumes").get(0), "deleted")).isEmpty();
    }

    @Test
    void aBusyVolumeIsSkippedAndSaidSoWhileOthersAreExpired() {
        CatalogEntry busyOld = backup(1, "/data", Duration.ofDays(20));
        backup(1, "/data", Duration.ofDays(1));
        CatalogEntry freeOld = backup(2, "/data", Duration.ofDays(20));
        backup(2, "/data", Duration.ofDays(1));
        jobs.add(backupJob(1, "/data", "7d"));
        jobs.add(backupJob(2, "/data", "7d"));

        Map<String, Object> result;
        try (VolumeLocks.Held held = locks.acquire(volumeRoot.resolve("hello/hello.web.web/1/data"), "backup-rid-9")) {
            result = task.run(new Context("rid-e5"));
        }

        assertThat(stored(busyOld)).isTrue();
        assertThat(names(1, "/data")).contains(busyOld.name());
        assertThat(stored(freeOld)).isFalse();
        assertThat(list(result, "skipped")).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("instanceNo", 1);
            assertThat((String) s.get("reason")).contains("busy", "backup-rid-9");
        });
        assertThat(list(result, "volumes")).singleElement().satisfies(v -> assertThat(v).containsEntry("instanceNo", 2));
    }

    @Test
    void anArchiveThatNoEntryListsIsSweptOnlyOnceItIsOld() throws Exception {
        backup(1, "/data", Duration.ofDays(1));
        CatalogEntry oldOrphan = seed.archiveOnly(APP, PROC, 1, "/data", NOW.minus(Duration.ofDays(9)));
        CatalogEntry newOrphan = seed.archiveOnly(APP, PROC, 1, "/data", NOW.minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(storeRoot.resolve(oldOrphan.key()), FileTime.from(NOW.minus(Duration.ofDays(9))));
        Files.setLastModifiedTime(storeRoot.resolve(newOrphan.key()), FileTime.from(NOW.minus(Duration.ofDays(2))));
        jobs.add(backupJob(1, "/data", "7d"));

        Map<String, Object> result = task.run(new Context("rid-e6"));

        assertThat(stored(oldOrphan)).isFalse();
        assertThat(stored(newOrphan)).as("maybe a backup whose catalog was damaged: a rebuild can still list it").isTrue();
        assertThat(list(result, "volumes").get(0)).containsEntry("orphansDeleted", List.of(oldOrphan.name()));
    }

    @Test
    void aMemberIndexGoesWithItsArchiveAndOneLeftWithoutItIsSweptOnceOld() throws Exception {
        CatalogEntry day1 = backup(1, "/data", Duration.ofDays(1));
        CatalogEntry day10 = backup(1, "/data", Duration.ofDays(10));
        CatalogEntry gone = seed.archiveOnly(APP, PROC, 1, "/data", NOW.minus(Duration.ofDays(9)));
        storage.delete(gone.key()); // its index stayed: a delete that failed half way
        for (CatalogEntry e : List.of(day1, day10, gone)) {
            storage.replace(layout.memberIndexKey(e.key()), new byte[] {1});
            Files.setLastModifiedTime(storeRoot.resolve(layout.memberIndexKey(e.key())), FileTime.from(NOW.minus(Duration.ofDays(9))));
        }
        jobs.add(backupJob(1, "/data", "7d"));

        Map<String, Object> result = task.run(new Context("rid-e9"));

        assertThat(stored(day10)).isFalse();
        assertThat(storage.stat(layout.memberIndexKey(day10.key()))).as("deleted with its archive").isEmpty();
        assertThat(storage.stat(layout.memberIndexKey(day1.key()))).as("its archive is listed, however old the index").isPresent();
        assertThat(storage.stat(layout.memberIndexKey(gone.key()))).isEmpty();
        assertThat(list(result, "volumes").get(0)).containsEntry("orphansDeleted", List.of(gone.name() + ".idx"));
    }

    @Test
    void aDamagedCatalogFailsTheRunNamingItButOtherVolumesAreStillExpired() throws Exception {
        CatalogEntry kept = backup(1, "/data", Duration.ofDays(20));
        backup(1, "/data", Duration.ofDays(1));
        CatalogEntry other = backup(2, "/data", Duration.ofDays(20));
        backup(2, "/data", Duration.ofDays(1));
        String damaged = CatalogSeed.catalogKey(APP, PROC, 1, "/data");
        Files.writeString(storeRoot.resolve(damaged), "{oops");
        jobs.add(backupJob(1, "/data", "7d"));
        jobs.add(backupJob(2, "/data", "7d"));

        assertThatThrownBy(() -> task.run(new Context("rid-e7"))).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(f.getMessage()).contains(damaged, "damaged");
            assertThat(list(f.result(), "skipped")).singleElement().satisfies(s -> assertThat(s).containsEntry("instanceNo", 1));
            assertThat(f.result()).containsEntry("deletedCount", 1L);
        });
        assertThat(stored(kept)).isTrue();
        assertThat(Files.readString(storeRoot.resolve(damaged))).isEqualTo("{oops");
        assertThat(stored(other)).isFalse();
    }

    @Test
    void onlyFullBackupJobsCountAndTheLongerOfTwoExpiresWins() {
        CatalogEntry tenDays = backup(1, "/data", Duration.ofDays(10));
        CatalogEntry fortyDays = backup(1, "/data", Duration.ofDays(40));
        backup(1, "/data", Duration.ofDays(1));
        jobs.add(backupJob(1, "/data", "7d"));
        jobs.add(backupJob(1, "/data", "30d", "preRun", "other schedule"));
        jobs.add(backupJob(1, "/data", "1m", "mode", "increment"));
        jobs.add(Job.of("0a000005" + "f".repeat(32), "0 * * * *", "backup_expire", Map.of(), JobType.CRON));

        Map<String, Object> result = task.run(new Context("rid-e8"));

        assertThat(stored(tenDays)).isTrue();
        assertThat(stored(fortyDays)).isFalse();
        assertThat(list(result, "volumes")).singleElement().satisfies(v -> assertThat(v).containsEntry("expire", "30d"));
    }

    @Test
    void skippedIncrementalVolumesSayWhyInReasonLikeFullOnes() {
        jobs.add(backupJob(1, "/data", "1m", "mode", "increment"));
        jobs.add(backupJob(2, "/data", "", "mode", "increment"));

        Map<String, Object> result = task.run(new Context("rid-e10"));

        assertThat(list(result, "skipped")).hasSize(2).allSatisfy(s -> assertThat(s)
                .containsEntry("mode", "increment").containsKey("reason").doesNotContainKey("skipped"));
        assertThat(list(result, "skipped")).extracting(s -> s.get("reason"))
                .containsExactlyInAnyOrder("no snapshots yet", "no expire: snapshots are kept");
        assertThat(list(result, "volumes")).isEmpty();
    }

    @Test
    void aVolumeWhoseCatalogIsMissingIsRebuiltFromItsArchivesAndThenExpired() {
        CatalogEntry old = seed.archiveOnly(APP, PROC, 1, "/data", NOW.minus(Duration.ofDays(20)));
        CatalogEntry recent = seed.archiveOnly(APP, PROC, 1, "/data", NOW.minus(Duration.ofDays(1)));
        jobs.add(backupJob(1, "/data", "7d"));

        task.run(new Context("rid-e9"));

        assertThat(names(1, "/data")).containsExactly(recent.name());
        assertThat(stored(old)).isFalse();
    }

    /** A {@code backup_expire} run without an engine. */
    static final class Context extends FakeTaskContext {
        Context(String rid) {
            super(Job.of("0a000005" + "e".repeat(32), "0 * * * *", "backup_expire", Map.of(), JobType.CRON), rid);
        }
    }
}
