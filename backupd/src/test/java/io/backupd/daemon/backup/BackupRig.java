package io.backupd.daemon.backup;

import io.backupd.daemon.Backupd;
import io.backupd.daemon.backup.full.FullBackup;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.backup.snapshot.SnapshotBackup;
import io.backupd.daemon.backup.snapshot.SnapshotRepositories;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.hooks.HookRunner;
import io.backupd.daemon.storage.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The parts a backup task is wired from, as the composition root wires them, over one storage and volume root. */
final class BackupRig {
    static final String NODE = "10.0.0.5";

    final Storage storage;
    final BackupLayout layout;
    final VolumeLocks locks = new VolumeLocks();
    final CatalogStore catalogs;
    final CatalogRebuild rebuild;
    final BackupSlots slots;
    final Clock clock;

    BackupRig(Storage storage, Path volumeRoot, Clock clock, BackupSlots slots) {
        this.storage = storage;
        this.layout = new BackupLayout(volumeRoot);
        this.catalogs = new CatalogStore(storage, clock);
        this.rebuild = new CatalogRebuild(layout, storage, catalogs, locks, clock);
        this.slots = slots;
        this.clock = clock;
    }

    BackupRig(Storage storage, Path volumeRoot) {
        this(storage, volumeRoot, Clock.systemUTC(), new BackupSlots(2, Duration.ofSeconds(5)));
    }

    BackupTask task(HookRunner hooks) {
        return task(hooks, clock);
    }

    BackupTask task(HookRunner hooks, Clock taskClock) {
        FullBackup full = new FullBackup(storage, Backupd.archiveFormats(storage, layout).writers(), layout::memberIndexKey);
        SnapshotBackup snapshots = new SnapshotBackup(layout, storage,
                new SnapshotRepositories(layout, storage, RepositoryOptions.defaults()), NODE);
        return new BackupTask(layout, locks, slots, full, new BackupCatalog(layout, catalogs, rebuild, NODE), snapshots, hooks,
                Duration.ofSeconds(10), taskClock);
    }
}
