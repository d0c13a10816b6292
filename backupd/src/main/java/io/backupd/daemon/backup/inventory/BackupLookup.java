package io.backupd.daemon.backup.inventory;

import io.backupd.common.api.BackupName;
import io.backupd.daemon.backup.ArchiveName;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.catalog.CorruptCatalogException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds one backup by its archive name. The name says which volume folder it belongs to
 * ({@link BackupLayout#archiveNames}), so a lookup reads that folder's catalog (rarely two, when
 * the name reads more than one way), never the whole storage. Thread-safe.
 */
public final class BackupLookup {
    private final BackupLayout layout;
    private final CatalogStore catalogs;

    public BackupLookup(BackupLayout layout, CatalogStore catalogs) {
        this.layout = layout;
        this.catalogs = catalogs;
    }

    /** A complete backup's entry and the catalog that lists it. */
    public record Located(String catalogKey, CatalogEntry entry) {
    }

    /**
     * The complete backup named {@code name}, or empty. INVALID_ARGUMENT for a name that could
     * leave its folder; CorruptCatalogException when the only catalog it could be in is damaged.
     */
    public Optional<Located> find(String name) {
        return find(name, reading -> true);
    }

    /**
     * Like {@link #find}, but only in volume folder {@code folder} ({@code <app>/<proc>/<N>/<volume-key>},
     * see {@link BackupLayout#volumeFolder}): a name that does not read as an archive of that folder
     * is not found there. Resolves a name that reads two ways to the reading the caller meant.
     */
    public Optional<Located> findIn(String name, String folder) {
        String catalogKey = folder + "/" + BackupLayout.CATALOG;
        return find(name, reading -> layout.catalogKey(reading).equals(catalogKey));
    }

    private Optional<Located> find(String name, Predicate<ArchiveName> where) {
        BackupName.check(name);
        CorruptCatalogException damaged = null;
        for (ArchiveName reading : layout.archiveNames(name)) {
            if (!where.test(reading)) {
                continue;
            }
            String key = layout.catalogKey(reading);
            try {
                Optional<CatalogEntry> entry = catalogs.read(key)
                        .flatMap(c -> c.find(name)).filter(CatalogEntry::complete);
                if (entry.isPresent()) {
                    return Optional.of(new Located(key, entry.get()));
                }
            } catch (CorruptCatalogException e) {
                damaged = e;
            }
        }
        if (damaged != null) {
            throw damaged;
        }
        return Optional.empty();
    }
}
