package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.full.StoredArchive;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers a committed archive in its volume's catalog, the step that makes a backup visible.
 * A volume without a catalog yet starts from {@link CatalogRebuild#scan} of the archives already
 * there. Thread-safe.
 */
public final class BackupCatalog {
    private final BackupLayout layout;
    private final CatalogStore catalogs;
    private final CatalogRebuild rebuild;
    private final String nodeIp;

    public BackupCatalog(BackupLayout layout, CatalogStore catalogs, CatalogRebuild rebuild, String nodeIp) {
        this.layout = layout;
        this.catalogs = catalogs;
        this.rebuild = rebuild;
        this.nodeIp = nodeIp;
    }

    /**
     * Adds the entry of archive {@code name}; returns the catalog's key. On failure (a damaged
     * catalog, storage errors) the archive stays in storage but is not listed; the exception says
     * so. Idempotent: an entry of the same name is replaced.
     */
    String register(BackupTarget target, String name, StoredArchive archive, Instant created, Path volumeDir,
                    List<String> containers) {
        CatalogEntry entry = new CatalogEntry(name, archive.key(), CatalogEntry.FULL, archive.format().wireName(), archive.size(),
                archive.sha256(), created, target.app(), target.proc(), target.instanceNo(), volumeDir.toString(),
                target.volume(), containers, nodeIp, archive.stats().files(), archive.stats().bytes(),
                CatalogEntry.COMPLETE, null, Map.of());
        String key = layout.catalogKey(target);
        try {
            catalogs.update(key, () -> rebuild.scan(target, Set.of(name)), catalog -> catalog.with(entry));
        } catch (BackupException e) {
            throw new BackupException(e.code(), "the archive " + archive.key() + " was stored but is not listed, because it"
                    + " could not be added to its catalog: " + e.getMessage() + ". The archive is kept, invisible, until the"
                    + " catalog is repaired or rebuilt", e.details(), e);
        }
        return key;
    }
}
