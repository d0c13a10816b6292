package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.catalog.Catalog;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.catalog.CorruptCatalogException;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a volume's catalog from the archives in its {@code full/} folder: each archive named
 * {@code <app>-<proc>-<N>-<volume-key>-<unix>.tar.gz} (or {@code .tar.zst}) becomes a complete entry with its stored
 * size, a SHA-256 computed by streaming it, and {@code created} from the name. What a rebuild
 * cannot know (containers, the node that made it, file counts) is left out, and
 * {@code extra.rebuiltAt} says when it was rebuilt. A {@code .tar.gz}'s member index beside it
 * belongs to its archive; other files in {@code full/} are ignored.
 *
 * <p>Two uses: {@link #scan} is what a backup or expire starts from when the volume has no
 * catalog yet (archives of a version without catalogs, or a deleted catalog); {@link #rebuild} is
 * the operator's explicit repair, the only thing that replaces a damaged catalog (kept aside).
 * Thread-safe; both run under the volume's catalog lock.
 */
public final class CatalogRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogRebuild.class);

    private final BackupLayout layout;
    private final Storage storage;
    private final CatalogStore catalogs;
    private final VolumeLocks locks;
    private final Clock clock;

    public CatalogRebuild(BackupLayout layout, Storage storage, CatalogStore catalogs, VolumeLocks locks, Clock clock) {
        this.layout = layout;
        this.storage = storage;
        this.catalogs = catalogs;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * What an explicit rebuild did.
     *
     * @param setAside where the damaged catalog was kept, or null when it parsed or was absent
     * @param ignored  keys in {@code full/} that are not archives of this volume, or could not be read
     */
    public record Rebuilt(String catalog, int entries, List<String> added, List<String> dropped, List<String> ignored,
                          String setAside) {
    }

    /** A catalog of the volume's archives, hashing each; {@code skip} names archives the caller registers itself. */
    public Catalog scan(BackupTarget target, Set<String> skip) {
        Catalog catalog = Catalog.empty();
        for (ObjectInfo archive : archives(target)) {
            String name = fileName(archive.key());
            if (!skip.contains(name) && layout.isArchiveOf(target, name)) {
                try {
                    catalog = catalog.with(entry(target, archive));
                } catch (BackupException e) {
                    LOG.warn("catalog of {}: archive {} left out: {}", layout.volumeFolder(target), archive.key(), e.getMessage());
                }
            }
        }
        return catalog;
    }

    /**
     * Repairs the volume's catalog under its volume lock (VOLUME_BUSY while a backup, restore or
     * expire holds it): entries whose archive is still there are kept as they are, archives
     * without an entry are added, entries whose archive is gone are dropped. A catalog that does
     * not parse is kept aside as {@code catalog.json.corrupt-<unix millis>} and rebuilt from scratch.
     * Idempotent.
     */
    public Rebuilt rebuild(BackupTarget target, String holder) {
        try (VolumeLocks.Held held = locks.acquire(layout.volumeDir(target), holder)) {
            String key = layout.catalogKey(target);
            return catalogs.locked(key, () -> {
                Catalog existing = readOrEmpty(key);
                Set<String> present;
                try (Stream<ObjectInfo> folder = storage.list(layout.volumeFolder(target) + "/")) {
                    present = folder.map(ObjectInfo::key).collect(Collectors.toSet());
                }
                Catalog next = Catalog.empty();
                List<String> dropped = new ArrayList<>();
                for (CatalogEntry entry : existing.entries()) {
                    if (present.contains(entry.key())) {
                        next = next.with(entry);
                    } else {
                        dropped.add(entry.name());
                    }
                }
                List<String> added = new ArrayList<>();
                List<String> ignored = new ArrayList<>();
                for (ObjectInfo archive : archives(target)) {
                    String name = fileName(archive.key());
                    if (next.entries().stream().anyMatch(e -> e.key().equals(archive.key()) || e.name().equals(name))) {
                        continue;
                    }
                    if (layout.isMemberIndexOf(target, name)) {
                        continue; // part of its archive, not a backup of its own
                    }
                    if (!layout.isArchiveOf(target, name)) {
                        ignored.add(archive.key());
                        continue;
                    }
                    try {
                        next = next.with(entry(target, archive));
                        added.add(name);
                    } catch (BackupException e) {
                        ignored.add(archive.key() + " (unreadable: " + e.getMessage() + ")");
                    }
                }
                String aside = catalogs.replaceSettingAside(key, next).orElse(null);
                LOG.info("catalog {} rebuilt: {} entries, added {}, dropped {}, ignored {}{}", key, next.entries().size(),
                        added, dropped, ignored, aside == null ? "" : ", damaged catalog kept as " + aside);
                return new Rebuilt(key, next.entries().size(), added, dropped, ignored, aside);
            });
        }
    }

    private Catalog readOrEmpty(String key) {
        try {
            return catalogs.read(key).orElse(Catalog.empty());
        } catch (CorruptCatalogException e) {
            return Catalog.empty();
        }
    }

    /** The objects directly in the volume's {@code full/} folder. */
    private List<ObjectInfo> archives(BackupTarget target) {
        String prefix = layout.fullArchivesPrefix(target);
        try (Stream<ObjectInfo> listed = storage.list(prefix)) {
            return listed.filter(o -> o.key().indexOf('/', prefix.length()) < 0).toList();
        }
    }

    private CatalogEntry entry(BackupTarget target, ObjectInfo archive) {
        String name = fileName(archive.key());
        ArchiveName parsed = layout.archiveNames(name).stream()
                .filter(a -> a.app().equals(target.app()) && a.proc().equals(target.proc())
                        && a.instanceNo() == target.instanceNo() && a.volumeKey().equals(layout.volumeKey(target.volume())))
                .findFirst().orElseThrow();
        Hashed hashed = hash(archive.key());
        return new CatalogEntry(name, archive.key(), CatalogEntry.FULL, parsed.format(), hashed.size(), hashed.sha256(),
                parsed.created(), target.app(), target.proc(), target.instanceNo(), layout.volumeDir(target).toString(),
                target.volume(), List.of(), null, null, null, CatalogEntry.COMPLETE, null,
                Map.of("rebuiltAt", clock.instant().toString()));
    }

    private record Hashed(long size, String sha256) {
    }

    /** Streams the archive once: archives are gigabytes, never read whole. */
    private Hashed hash(String key) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long size = 0;
        try (InputStream in = new DigestInputStream(storage.open(key), digest)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read " + key + ": " + e, e);
        }
        return new Hashed(size, HexFormat.of().formatHex(digest.digest()));
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
