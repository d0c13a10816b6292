package io.backupd.daemon.backup.inventory;

import io.backupd.common.api.BackupName;
import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.snapshot.SnapshotInventory;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.Storage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes named backups, full archives and incremental snapshots alike: all names are checked and
 * found first, and every volume they belong to is locked, before anything is deleted; a bad name
 * (400), an unknown one (404) or a busy volume (409) deletes nothing. Snapshots go first, each by
 * forgetting its one snapshot object; their data stays for the next expire's prune, which alone may
 * delete chunks (a backup may be reusing them). Then per catalog the entries go (one atomic replace:
 * the backups are no longer listed), then their archives (and a {@code .tar.gz}'s member index). A crash or storage error between the two leaves an
 * archive without an entry, which nothing lists and an expire of the volume sweeps once it is
 * old; the other order could leave a listed backup whose bytes are gone. Thread-safe.
 */
public final class BackupDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(BackupDeletion.class);

    private final BackupLayout layout;
    private final BackupLookup lookup;
    private final CatalogStore catalogs;
    private final Storage storage;
    private final VolumeLocks locks;
    private final SnapshotInventory snapshots;

    public BackupDeletion(BackupLayout layout, BackupLookup lookup, SnapshotInventory snapshots, CatalogStore catalogs,
                          Storage storage, VolumeLocks locks) {
        this.layout = layout;
        this.lookup = lookup;
        this.snapshots = snapshots;
        this.catalogs = catalogs;
        this.storage = storage;
        this.locks = locks;
    }

    /**
     * @param deleted  names no longer listed
     * @param orphaned keys of archives (or their member indexes) whose entry is gone but whose bytes could not be deleted
     */
    public record Deleted(List<String> deleted, List<String> orphaned) {
    }

    /** Deletes the backups {@code names}; {@code holder} names the request in VOLUME_BUSY answers. */
    public Deleted delete(List<String> names, String holder) {
        Found found = findAll(names);
        Map<String, Set<String>> namesByCatalog = new LinkedHashMap<>();
        Set<Path> volumeDirs = new LinkedHashSet<>();
        for (SnapshotInventory.Located snapshot : found.snapshots()) {
            SnapshotInventory.VolumeMarkerView v = snapshot.volume();
            volumeDirs.add(layout.volumeDir(new BackupTarget(v.app(), v.proc(), v.instanceNo(), v.volume())));
        }
        for (BackupLookup.Located located : found.archives()) {
            namesByCatalog.computeIfAbsent(located.catalogKey(), k -> new LinkedHashSet<>()).add(located.entry().name());
            volumeDirs.add(layout.volumeDir(targetOf(located.entry())));
        }
        List<VolumeLocks.Held> held = new ArrayList<>();
        try {
            for (Path dir : volumeDirs) {
                held.add(locks.acquire(dir, holder));
            }
            List<String> forgotten = forgetLocked(found.snapshots());
            Deleted archives = deleteLocked(namesByCatalog);
            List<String> deleted = new ArrayList<>(forgotten);
            deleted.addAll(archives.deleted());
            return new Deleted(List.copyOf(deleted), archives.orphaned());
        } catch (BackupException e) {
            if (e.code() == ErrorCode.VOLUME_BUSY) {
                throw new BackupException(ErrorCode.VOLUME_BUSY, e.getMessage() + "; nothing was deleted", e.details(), e);
            }
            throw e;
        } finally {
            held.forEach(VolumeLocks.Held::close);
        }
    }

    /** What the names found: full backups by their catalog entry, snapshots in their repository. */
    private record Found(List<BackupLookup.Located> archives, List<SnapshotInventory.Located> snapshots) {
    }

    /** Every name checked and found, or an exception and nothing touched. */
    private Found findAll(List<String> names) {
        if (names.isEmpty()) {
            throw BackupException.invalid("field 'files' is missing: name at least one backup to delete");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String name : names) {
            unique.add(BackupName.check(name));
        }
        List<BackupLookup.Located> archives = new ArrayList<>();
        List<SnapshotInventory.Located> snapshotsFound = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : unique) {
            // "-snap-<id>" never ends an archive name, so a name is one kind or the other
            if (!layout.snapshotNames(name).isEmpty()) {
                snapshots.find(name).ifPresentOrElse(snapshotsFound::add, () -> unknown.add(name));
            } else {
                lookup.find(name).ifPresentOrElse(archives::add, () -> unknown.add(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new BackupException(ErrorCode.NOT_FOUND, "no backup named " + String.join(", ", unknown)
                    + " in this storage; nothing was deleted", Map.of("unknown", unknown), null);
        }
        return new Found(archives, snapshotsFound);
    }

    /** Snapshots one by one; one already gone (another request got there first) still counts as deleted. */
    private List<String> forgetLocked(List<SnapshotInventory.Located> found) {
        List<String> deleted = new ArrayList<>();
        for (SnapshotInventory.Located snapshot : found) {
            snapshots.forget(snapshot);
            deleted.add(snapshot.entity().name());
        }
        return deleted;
    }

    private Deleted deleteLocked(Map<String, Set<String>> namesByCatalog) {
        List<String> deleted = new ArrayList<>();
        List<String> orphaned = new ArrayList<>();
        for (Map.Entry<String, Set<String>> group : namesByCatalog.entrySet()) {
            String key = group.getKey();
            CatalogStore.Update update = catalogs.update(key, () -> {
                throw new BackupException(ErrorCode.CONFLICT, "catalog " + key + " disappeared while deleting from it");
            }, catalog -> catalog.without(group.getValue()));
            for (CatalogEntry gone : update.removed()) {
                deleted.add(gone.name());
                for (String object : layout.fullBackupKeys(gone.key())) {
                    try {
                        storage.delete(object);
                    } catch (BackupException e) {
                        LOG.warn("backup {} is no longer listed but {} stays: {}", gone.name(), object, e.getMessage());
                        orphaned.add(object);
                    }
                }
            }
        }
        return new Deleted(List.copyOf(deleted), List.copyOf(orphaned));
    }

    private BackupTarget targetOf(CatalogEntry entry) {
        return layout.target(Map.of(JobArgs.APP, entry.app(), JobArgs.PROC, entry.proc(),
                JobArgs.INSTANCE_NO, Integer.toString(entry.instanceNo()), JobArgs.VOLUME, entry.volume()));
    }
}
