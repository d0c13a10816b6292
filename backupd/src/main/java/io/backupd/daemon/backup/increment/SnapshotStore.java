package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads, writes and deletes snapshot objects. Stateless apart from the storage; thread-safe. */
final class SnapshotStore {
    /** The alias a caller may use for the newest snapshot. */
    static final String LATEST = "latest";

    private final RepositoryStorage storage;

    SnapshotStore(RepositoryStorage storage) {
        this.storage = storage;
    }

    /** Snapshot ids, oldest first (ids sort by creation time). */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String key : storage.list(RepositoryLayout.SNAPSHOTS)) {
            String id = RepositoryLayout.snapshotIdOf(key);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The snapshot {@code id} ("latest" for the newest); NOT_FOUND when absent, STORAGE_FAILED when unreadable. */
    Snapshot read(String id) {
        String resolved = resolve(id);
        byte[] data;
        try (InputStream in = storage.open(RepositoryLayout.snapshotKey(resolved))) {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read snapshot " + resolved + ": " + e, e);
        }
        Snapshot s;
        try {
            s = Json.read(data, Snapshot.class, "snapshot " + resolved);
        } catch (BackupException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, e.getMessage(), e);
        }
        if (s.version() != Snapshot.VERSION || !resolved.equals(s.id()) || s.tree() == null || s.totals() == null) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "snapshot " + resolved
                    + " is not a version " + Snapshot.VERSION + " snapshot with an id, a tree and totals");
        }
        return s;
    }

    /** The newest snapshot, if any. */
    Optional<Snapshot> latest() {
        List<String> ids = ids();
        return ids.isEmpty() ? Optional.empty() : Optional.of(read(ids.get(ids.size() - 1)));
    }

    void write(Snapshot s) {
        storage.put(RepositoryLayout.snapshotKey(s.id()), Json.writeBytes(s));
    }

    boolean delete(String id) {
        return storage.delete(RepositoryLayout.snapshotKey(id));
    }

    /** Checks a caller's snapshot name and maps "latest" to the newest id. */
    String resolve(String id) {
        if (LATEST.equals(id)) {
            List<String> ids = ids();
            if (ids.isEmpty()) {
                throw BackupException.notFound("the repository has no snapshots yet");
            }
            return ids.get(ids.size() - 1);
        }
        if (!SnapshotIds.isValid(id)) {
            throw BackupException.invalid("'" + id + "' is not a snapshot id (like 20251122T224012.345Z-9f3a01bc) or 'latest'");
        }
        return id;
    }
}
