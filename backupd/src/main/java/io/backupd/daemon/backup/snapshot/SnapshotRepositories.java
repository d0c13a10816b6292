package io.backupd.daemon.backup.snapshot;

import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.increment.IncrementRepository;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.storage.Storage;

/**
 * Opens the snapshot repository of a volume (one per volume, under
 * {@link BackupLayout#incrementPrefix}). Opened anew for every operation rather than cached: an
 * {@link IncrementRepository} holds no state (constructing one reads nothing; every call reads
 * the index and snapshots it needs under the repository's own lock), so a cache would save nothing
 * and could only go stale when another node wrote to the same shared storage. Thread-safe.
 */
public final class SnapshotRepositories {
    private final BackupLayout layout;
    private final Storage storage;
    private final RepositoryOptions options;

    public SnapshotRepositories(BackupLayout layout, Storage storage, RepositoryOptions options) {
        this.layout = layout;
        this.storage = storage;
        this.options = options;
    }

    public IncrementRepository of(BackupTarget target) {
        return ofFolder(layout.volumeFolder(target));
    }

    /** The repository of volume folder {@code <app>/<proc>/<N>/<volume-key>}. */
    public IncrementRepository ofFolder(String folder) {
        return new IncrementRepository(new StorageRepositoryStorage(storage, folder + "/increment/"), options);
    }
}
