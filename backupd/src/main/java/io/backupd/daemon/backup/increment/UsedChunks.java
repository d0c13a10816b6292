package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;

/**
 * The set of blobs some snapshot needs: each snapshot's tree blobs and every chunk its files list.
 * Prune keeps exactly these. Any snapshot that cannot be read completely stops the prune: what it
 * needs would be unknown, and deleting it is not ours to decide (check names the damage).
 */
final class UsedChunks {
    private UsedChunks() {
    }

    static ChunkIdSet collect(RepositoryStorage storage, ChunkIndex index, RepositoryLock lock) {
        ChunkIdSet used = new ChunkIdSet();
        SnapshotStore snapshots = new SnapshotStore(storage);
        for (String id : snapshots.ids()) {
            try {
                Snapshot s = snapshots.read(id);
                for (ChunkId t : s.treeBlobs()) {
                    used.add(t);
                }
                try (TreeStream tree = new TreeStream(s.id(), new BlobReader(storage, index), s.treeBlobs())) {
                    for (TreeEntry e = tree.next(); e != null; e = tree.next()) {
                        for (ChunkId c : e.chunks()) {
                            if (used.add(c) && !index.contains(c)) {
                                throw new ChunkUnavailableException(c, true, "needed by " + e.path());
                            }
                        }
                        lock.refreshIfDue();
                    }
                }
            } catch (BackupException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // forgotten since the listing
                }
                throw new BackupException(ErrorCode.STORAGE_FAILED, "prune stopped, nothing was deleted: snapshot " + id
                        + " cannot be read completely (" + e.getMessage() + "); run check", e);
            }
        }
        return used;
    }
}
