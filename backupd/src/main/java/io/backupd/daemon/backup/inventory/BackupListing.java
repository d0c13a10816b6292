package io.backupd.daemon.backup.inventory;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.snapshot.SnapshotInventory;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.catalog.CorruptCatalogException;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All backups in storage that a filter matches, newest first, read from the catalogs alone: the
 * storage listing is streamed and only {@code catalog.json} keys are opened, never an archive. A
 * damaged catalog does not fail the listing of every other volume: it is left out, logged and
 * named in {@link Listing#corruptCatalogs()}. Thread-safe.
 */
public final class BackupListing {
    private static final Logger LOG = LoggerFactory.getLogger(BackupListing.class);
    private static final Comparator<BackupEntity> NEWEST_FIRST =
            Comparator.comparing(BackupEntity::created).thenComparing(BackupEntity::name).reversed();

    private final Storage storage;
    private final CatalogStore catalogs;
    private final SnapshotInventory snapshots;

    public BackupListing(Storage storage, CatalogStore catalogs, SnapshotInventory snapshots) {
        this.storage = storage;
        this.catalogs = catalogs;
        this.snapshots = snapshots;
    }

    /** The matching backups and the catalogs that could not be read. */
    public record Listing(List<BackupEntity> backups, List<String> corruptCatalogs) {
    }

    public Listing list(ListingFilter filter) {
        List<CatalogEntry> found = new ArrayList<>();
        List<BackupEntity> snapshotted = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        try (Stream<ObjectInfo> objects = storage.list(filter.listPrefix())) {
            for (Iterator<ObjectInfo> it = objects.iterator(); it.hasNext(); ) {
                String key = it.next().key();
                if (filter.markerMatches(key)) {
                    snapshotsOf(key, filter, snapshotted, corrupt);
                    continue;
                }
                if (!filter.catalogMatches(key)) {
                    continue;
                }
                try {
                    catalogs.read(key).ifPresent(c -> c.entries().stream().filter(filter::entryMatches).forEach(found::add));
                } catch (CorruptCatalogException e) {
                    LOG.warn("listing leaves out {}", e.getMessage());
                    corrupt.add(key);
                }
            }
        }
        List<BackupEntity> backups = new ArrayList<>(found.stream().map(CatalogEntry::toEntity).toList());
        backups.addAll(snapshotted);
        backups.sort(NEWEST_FIRST);
        return new Listing(List.copyOf(backups), List.copyOf(corrupt));
    }

    /** A repository that cannot be read is left out and named, like a damaged catalog. */
    private void snapshotsOf(String markerKey, ListingFilter filter, List<BackupEntity> into, List<String> corrupt) {
        String folder = markerKey.substring(0, markerKey.lastIndexOf('/'));
        try {
            snapshots.inFolder(folder).stream().filter(filter::snapshotMatches).forEach(into::add);
        } catch (BackupException e) {
            LOG.warn("listing leaves out the snapshots of {}: {}", folder, e.getMessage());
            corrupt.add(markerKey);
        }
    }
}
