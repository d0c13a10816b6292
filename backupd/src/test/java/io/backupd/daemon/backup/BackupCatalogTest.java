package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.ErrorCode;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.backup.inventory.BackupListing;
import io.backupd.daemon.backup.snapshot.SnapshotInventory;
import io.backupd.daemon.backup.snapshot.SnapshotRepositories;
import io.backupd.daemon.backup.inventory.BackupLookup;
import io.backupd.daemon.backup.inventory.ListingFilter;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogSeed;
import io.backupd.daemon.catalog.CorruptCatalogException;
import io.backupd.daemon.storage.fs.FsStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup's catalog entry: written only after the archive is committed, and the only way a backup is listed. */
class BackupCatalogTest {
    static final String CATALOG = BackupTaskTest.CATALOG;

    @TempDir
    Path dir;

    Path volumeRoot;
    Path storeRoot;
    Path volume;
    FsStorage storage;
    BackupRig rig;
    BackupListing listing;

    @BeforeEach
    void setUp() throws IOException {
        volumeRoot = Files.createDirectories(dir.resolve("volumes"));
        storeRoot = dir.resolve("store");
        storage = new FsStorage(storeRoot);
        rig = new BackupRig(storage, volumeRoot);
        listing = new BackupListing(storage, rig.catalogs, new SnapshotInventory(rig.layout, storage,
                new SnapshotRepositories(rig.layout, storage, RepositoryOptions.defaults())));
        volume = Files.createDirectories(volumeRoot.resolve("hello/hello.web.web/1/data"));
        Files.writeString(volume.resolve("db.sql"), "insert into t values (1);\n");
        Files.writeString(volume.resolve("more.sql"), "insert into t values (2);\n");
    }

    List<String> listed() {
        return listing.list(ListingFilter.of(rig.layout, List.of(), null, null)).backups().stream().map(b -> b.name()).toList();
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void aBackupIsWrittenToItsCatalogAfterTheArchiveAndReadBack() throws Exception {
        Map<String, Object> result = rig.task(new RecordingHookRunner(c -> 0), at("2026-03-04T05:06:07Z"))
                .run(new FakeTaskContext(BackupTaskTest.args("containers", "c1, c2"), "rid-1"));

        CatalogEntry entry = rig.catalogs.read(CATALOG).orElseThrow().entries().get(0);
        Path archive = storeRoot.resolve((String) result.get("key"));
        assertThat(result).containsEntry("catalog", CATALOG);
        assertThat(entry.name()).isEqualTo("hello-hello.web.web-1-data-1772600767.tar.gz").isEqualTo(result.get("name"));
        assertThat(entry.key()).isEqualTo(result.get("key"));
        assertThat(entry.mode()).isEqualTo("full");
        assertThat(entry.format()).isEqualTo("tar.gz");
        assertThat(entry.size()).isEqualTo(Files.size(archive));
        assertThat(entry.sha256()).isEqualTo(CatalogSeed.sha256(Files.readAllBytes(archive)));
        assertThat(entry.created()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(List.of(entry.app(), entry.proc(), entry.volume())).containsExactly("hello", "hello.web.web", "/data");
        assertThat(entry.instanceNo()).isEqualTo(1);
        assertThat(entry.source()).isEqualTo(volume.toString());
        assertThat(entry.containers()).containsExactly("c1", "c2");
        assertThat(entry.server()).isEqualTo(BackupRig.NODE);
        assertThat(entry.files()).isEqualTo(2L);
        assertThat(entry.bytes()).isEqualTo(52L);
        assertThat(entry.state()).isEqualTo("complete");
        assertThat(entry.extra()).isEmpty();
        assertThat(listed()).containsExactly(entry.name());
        assertThat(new BackupLookup(rig.layout, rig.catalogs).find(entry.name())).get()
                .satisfies(l -> assertThat(l.entry()).isEqualTo(entry));
    }

    @Test
    void failedBackupsLeaveNoEntryAndNothingListed() {
        RecordingHookRunner refusing = new RecordingHookRunner(call -> call.command().equals("lock.sh") ? 1 : 0);
        assertThatThrownBy(() -> rig.task(refusing).run(new FakeTaskContext(BackupTaskTest.args("preRun", "lock.sh"), "r1")))
                .isInstanceOf(TaskFailure.class);
        assertThatThrownBy(() -> rig.task(new RecordingHookRunner(c -> 0))
                .run(new FakeTaskContext(BackupTaskTest.args("instanceNo", "7"), "r2"))).isInstanceOf(TaskFailure.class);
        FakeTaskContext cancelled = new FakeTaskContext(BackupTaskTest.args(), "r3");
        cancelled.cancelled.set(true);
        assertThatThrownBy(() -> rig.task(new RecordingHookRunner(c -> 0)).run(cancelled)).isInstanceOf(TaskFailure.class);

        assertThat(storage.stat(CATALOG)).isEmpty();
        assertThat(storage.stat("hello/hello.web.web/7/data/catalog.json")).isEmpty();
        assertThat(listed()).isEmpty();
    }

    @Test
    void aDamagedCatalogFailsTheBackupIsNotOverwrittenAndTheArchiveStaysInvisible() throws IOException {
        Path catalog = storeRoot.resolve(CATALOG);
        Files.createDirectories(catalog.getParent());
        Files.writeString(catalog, "{\"version\": 1, \"entries\": [{\"name\": ");

        assertThatThrownBy(() -> rig.task(new RecordingHookRunner(c -> 0)).run(new FakeTaskContext(BackupTaskTest.args(), "r1")))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.getMessage()).contains("was stored but is not listed", CATALOG, "damaged", "rebuild");
                    assertThat(f.result()).doesNotContainKey("catalog");
                    // the archive is complete and kept: rebuilding the catalog makes it visible again
                    assertThat(storeRoot.resolve((String) f.result().get("key"))).exists();
                });
        assertThat(Files.readString(catalog)).isEqualTo("{\"version\": 1, \"entries\": [{\"name\": ");
        assertThat(listed()).isEmpty();
        assertThat(rig.catalogs.corrupt()).containsExactly(CATALOG);
    }

    @Test
    void aVolumeWithArchivesButNoCatalogGetsOneWithThemAllAtItsNextBackup() throws IOException {
        Map<String, Object> old = rig.task(new RecordingHookRunner(c -> 0), at("2026-03-01T00:00:00Z"))
                .run(new FakeTaskContext(BackupTaskTest.args(), "r1"));
        Files.delete(storeRoot.resolve(CATALOG)); // as left by a version without catalogs

        Map<String, Object> next = rig.task(new RecordingHookRunner(c -> 0), at("2026-03-02T00:00:00Z"))
                .run(new FakeTaskContext(BackupTaskTest.args(), "r2"));

        List<CatalogEntry> entries = rig.catalogs.read(CATALOG).orElseThrow().entries();
        assertThat(entries).extracting(CatalogEntry::name).containsExactly((String) old.get("name"), (String) next.get("name"));
        assertThat(entries.get(0).sha256()).isEqualTo(old.get("sha256"));
        assertThat(entries.get(0).extra()).containsKey("rebuiltAt");
        assertThat(entries.get(1).server()).as("the new one is registered with all it knows").isEqualTo(BackupRig.NODE);
    }

    @Test
    void aBackupThatFindsNoFreeSlotFailsBeforeAnyHookOrArchive() {
        BackupRig limited = new BackupRig(storage, volumeRoot, Clock.systemUTC(), new BackupSlots(1, Duration.ofMillis(100)));
        RecordingHookRunner hooks = new RecordingHookRunner(c -> 0);
        try (BackupSlots.Held busy = limited.slots.acquire("long-run", () -> false)) {
            assertThatThrownBy(() -> limited.task(hooks).run(new FakeTaskContext(BackupTaskTest.args("preRun", "lock.sh"), "r1")))
                    .isInstanceOfSatisfying(TaskFailure.class, f -> {
                        assertThat(f.getMessage()).contains("no backup slot", "long-run");
                        assertThat(f.result()).containsEntry("error", ErrorCode.UNAVAILABLE.name());
                    });
        }
        assertThat(hooks.calls).isEmpty();
        assertThat(limited.locks.held()).isEmpty();
        assertThat(listed()).isEmpty();
    }

    @Test
    void anExplicitRebuildRepairsTheCatalogFromTheArchives() throws IOException {
        Map<String, Object> first = rig.task(new RecordingHookRunner(c -> 0), at("2026-03-01T00:00:00Z"))
                .run(new FakeTaskContext(BackupTaskTest.args(), "r1"));
        Map<String, Object> second = rig.task(new RecordingHookRunner(c -> 0), at("2026-03-02T00:00:00Z"))
                .run(new FakeTaskContext(BackupTaskTest.args(), "r2"));
        Map<String, Object> third = rig.task(new RecordingHookRunner(c -> 0), at("2026-03-03T00:00:00Z"))
                .run(new FakeTaskContext(BackupTaskTest.args(), "r3"));
        Path full = storeRoot.resolve("hello/hello.web.web/1/data/full");
        Files.delete(full.resolve((String) first.get("name")));           // an entry whose archive is gone
        Files.writeString(full.resolve("README.txt"), "not an archive");  // a file that is not an archive
        // the catalog loses the third entry (hand edit gone wrong, or a backup's last step lost)
        BackupTarget target = rig.layout.target(BackupTaskTest.args());
        rig.catalogs.update(CATALOG, () -> null, c -> c.without(Set.of((String) third.get("name"))));

        CatalogRebuild.Rebuilt rebuilt = rig.rebuild.rebuild(target, "operator");

        assertThat(rebuilt.dropped()).containsExactly((String) first.get("name"));
        assertThat(rebuilt.added()).containsExactly((String) third.get("name"));
        assertThat(rebuilt.ignored()).containsExactly("hello/hello.web.web/1/data/full/README.txt");
        assertThat(rebuilt.setAside()).isNull();
        List<CatalogEntry> entries = rig.catalogs.read(CATALOG).orElseThrow().entries();
        assertThat(entries).extracting(CatalogEntry::name).containsExactly((String) second.get("name"), (String) third.get("name"));
        assertThat(entries.get(0).server()).as("a kept entry keeps what it knew").isEqualTo(BackupRig.NODE);
        CatalogEntry added = entries.get(1);
        assertThat(added.sha256()).isEqualTo(third.get("sha256"));
        assertThat(added.size()).isEqualTo(third.get("size"));
        assertThat(added.created()).isEqualTo("2026-03-03T00:00:00Z");
        assertThat(added.server()).isNull();
        assertThat(rig.rebuild.rebuild(target, "operator").added()).as("idempotent").isEmpty();
    }

    @Test
    void anExplicitRebuildKeepsADamagedCatalogAsideAndListsTheArchivesAgain() throws IOException {
        Map<String, Object> made = rig.task(new RecordingHookRunner(c -> 0)).run(new FakeTaskContext(BackupTaskTest.args(), "r1"));
        Path catalog = storeRoot.resolve(CATALOG);
        Files.writeString(catalog, "not json");
        assertThatThrownBy(() -> rig.catalogs.read(CATALOG)).isInstanceOf(CorruptCatalogException.class);

        CatalogRebuild.Rebuilt rebuilt = rig.rebuild.rebuild(rig.layout.target(BackupTaskTest.args()), "operator");

        assertThat(rebuilt.setAside()).startsWith(CATALOG + ".corrupt-");
        assertThat(Files.readString(storeRoot.resolve(rebuilt.setAside()))).isEqualTo("not json");
        assertThat(rebuilt.added()).containsExactly((String) made.get("name"));
        assertThat(listed()).containsExactly((String) made.get("name"));
        assertThat(rig.catalogs.corrupt()).isEmpty();
    }

    @Test
    void aRebuildRefusesABusyVolumeAtOnce() {
        BackupTarget target = rig.layout.target(BackupTaskTest.args());
        try (VolumeLocks.Held held = rig.locks.acquire(volume, "backup-rid")) {
            assertThatThrownBy(() -> rig.rebuild.rebuild(target, "operator"))
                    .hasMessageContaining("busy").hasMessageContaining("backup-rid");
        }
        assertThat(storage.stat(CATALOG)).isEmpty();
    }
}
