package io.backupd.daemon.backup.inventory;

import io.backupd.common.api.BackupEntity;
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
    private static final Comparator<CatalogEntry> NEWEST_FIRST =
            Comparator.comparing(CatalogEntry::created).thenComparing(CatalogEntry::name).reversed();

    private final Storage storage;
    private final CatalogStore catalogs;

    public BackupListing(Storage storage, CatalogStore catalogs) {
        this.storage = storage;
        this.catalogs = catalogs;
    }

    /** The matching backups and the catalogs that could not be read. */
    public record Listing(List<BackupEntity> backups, List<String> corruptCatalogs) {
    }

    public Listing list(ListingFilter filter) {
        List<CatalogEntry> found = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        try (Stream<ObjectInfo> objects = storage.list(filter.listPrefix())) {
            for (Iterator<ObjectInfo> it = objects.iterator(); it.hasNext(); ) {
                String key = it.next().key();
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
        found.sort(NEWEST_FIRST);
        return new Listing(found.stream().map(CatalogEntry::toEntity).toList(), List.copyOf(corrupt));
    }
}
