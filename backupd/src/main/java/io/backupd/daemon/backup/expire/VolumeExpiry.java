package io.backupd.daemon.backup.expire;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.ExpirePeriod;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.CatalogRebuild;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.catalog.Catalog;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Expires one volume's full backups under its volume lock: the expired entries leave the catalog
 * first (one atomic replace), then their archives (and member indexes) are deleted. An archive whose entry is gone
 * but whose bytes stayed (a crash, a storage error, a backup whose catalog was damaged) is
 * invisible; it is swept here once it, too, is older than the expire period. Thread-safe.
 */
final class VolumeExpiry {
    private final BackupLayout layout;
    private final VolumeLocks locks;
    private final CatalogStore catalogs;
    private final CatalogRebuild rebuild;
    private final Storage storage;

    VolumeExpiry(BackupLayout layout, VolumeLocks locks, CatalogStore catalogs, CatalogRebuild rebuild, Storage storage) {
        this.layout = layout;
        this.locks = locks;
        this.catalogs = catalogs;
        this.rebuild = rebuild;
        this.storage = storage;
    }

    /** {@code expire} empty keeps everything; {@code holder} is the run id shown to whoever finds the volume busy. */
    VolumeOutcome expire(BackupTarget target, String expire, Instant now, String holder) {
        try {
            if (expire.isBlank()) {
                return keptForever(target);
            }
            Instant cutoff = now.minus(ExpirePeriod.parse(expire));
            try (VolumeLocks.Held held = locks.acquire(layout.volumeDir(target), holder)) {
                return expireLocked(target, expire, cutoff);
            }
        } catch (BackupException e) {
            return VolumeOutcome.skipped(target, expire, e.getMessage(), e.code() != ErrorCode.VOLUME_BUSY);
        }
    }

    private VolumeOutcome keptForever(BackupTarget target) {
        Catalog catalog = catalogs.read(layout.catalogKey(target)).orElse(Catalog.empty());
        int kept = ExpirePolicy.candidates(catalog.entries(), target.volume()).size();
        return new VolumeOutcome(target, "", List.of(), kept, List.of(), List.of(), null, false);
    }

    private VolumeOutcome expireLocked(BackupTarget target, String expire, Instant cutoff) {
        CatalogStore.Update update = catalogs.update(layout.catalogKey(target), () -> rebuild.scan(target, Set.of()),
                catalog -> catalog.without(ExpirePolicy.expired(catalog.entries(), target.volume(), cutoff).stream()
                        .map(CatalogEntry::name).collect(Collectors.toSet())));
        List<CatalogEntry> deleted = update.removed();
        List<String> errors = new ArrayList<>();
        for (CatalogEntry gone : deleted) {
            layout.fullBackupKeys(gone.key()).forEach(object -> deleteQuietly(object, errors));
        }
        Set<String> skip = Stream.concat(update.after().entries().stream(), deleted.stream())
                .map(CatalogEntry::key).collect(Collectors.toSet());
        List<String> orphans = sweepOrphans(target, skip, cutoff, errors);
        int kept = ExpirePolicy.candidates(update.after().entries(), target.volume()).size();
        return new VolumeOutcome(target, expire, deleted, kept, orphans, errors, null, false);
    }

    /**
     * Archives of this volume that no entry lists, and member indexes whose archive no entry lists,
     * that were stored before the cutoff.
     */
    private List<String> sweepOrphans(BackupTarget target, Set<String> listed, Instant cutoff, List<String> errors) {
        String prefix = layout.fullArchivesPrefix(target);
        List<ObjectInfo> orphans;
        try (Stream<ObjectInfo> objects = storage.list(prefix)) {
            orphans = objects.filter(o -> o.key().indexOf('/', prefix.length()) < 0 && o.modified().isBefore(cutoff)
                            && orphan(target, o.key().substring(prefix.length()), prefix, listed))
                    .toList();
        }
        List<String> swept = new ArrayList<>();
        for (ObjectInfo orphan : orphans) {
            if (deleteQuietly(orphan.key(), errors)) {
                swept.add(orphan.key().substring(prefix.length()));
            }
        }
        return swept;
    }

    private boolean orphan(BackupTarget target, String name, String prefix, Set<String> listed) {
        if (layout.isArchiveOf(target, name)) {
            return !listed.contains(prefix + name);
        }
        return layout.isMemberIndexOf(target, name)
                && !listed.contains(prefix + name.substring(0, name.length() - BackupLayout.MEMBER_INDEX_SUFFIX.length()));
    }

    private boolean deleteQuietly(String key, List<String> errors) {
        try {
            storage.delete(key);
            return true;
        } catch (BackupException e) {
            errors.add(e.getMessage());
            return false;
        }
    }
}
