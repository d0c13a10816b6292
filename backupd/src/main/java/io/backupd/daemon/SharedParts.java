package io.backupd.daemon;

import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupSlots;
import io.backupd.daemon.backup.CatalogRebuild;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.backup.snapshot.SnapshotRepositories;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.Storage;
import java.time.Clock;

/**
 * What tasks and routes must share to be safe together: one volume lock table (a delete must see
 * the backup holding a volume), one catalog store (its per-catalog locks), one set of backup
 * slots. Built once per daemon in {@link Backupd#start}.
 */
record SharedParts(BackupLayout layout, Storage storage, VolumeLocks locks, CatalogStore catalogs, CatalogRebuild rebuild,
                   BackupSlots slots, SnapshotRepositories snapshots) {

    static SharedParts of(DaemonConfig config, Storage storage, Clock clock) {
        BackupLayout layout = new BackupLayout(config.volumeRoot());
        VolumeLocks locks = new VolumeLocks();
        CatalogStore catalogs = new CatalogStore(storage, clock);
        return new SharedParts(layout, storage, locks, catalogs, new CatalogRebuild(layout, storage, catalogs, locks, clock),
                new BackupSlots(config.maxBackups(), DaemonConfig.BACKUP_SLOT_WAIT),
                new SnapshotRepositories(layout, storage, RepositoryOptions.defaults()));
    }
}
