package io.backupd.daemon.catalog;

import io.backupd.daemon.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Puts backups into a storage the way a backup leaves them, without running one: a small archive
 * object under {@code full/} and its entry in the folder's catalog. For listing, lookup, delete
 * and expire tests that need backups of given ages.
 */
public final class CatalogSeed {
    public final Storage storage;
    public final CatalogStore catalogs;

    public CatalogSeed(Storage storage) {
        this.storage = storage;
        this.catalogs = new CatalogStore(storage, Clock.systemUTC());
    }

    public static String folder(String app, String proc, int instanceNo, String volume) {
        return app + "/" + proc + "/" + instanceNo + "/" + volume.substring(1).replace('/', '-');
    }

    public static String catalogKey(String app, String proc, int instanceNo, String volume) {
        return folder(app, proc, instanceNo, volume) + "/catalog.json";
    }

    public static String name(String app, String proc, int instanceNo, String volume, Instant created) {
        return app + "-" + proc + "-" + instanceNo + "-" + volume.substring(1).replace('/', '-') + "-"
                + created.getEpochSecond() + ".tar.gz";
    }

    /** An archive object and its complete entry; returns the entry. */
    public CatalogEntry backup(String app, String proc, int instanceNo, String volume, Instant created) {
        CatalogEntry entry = archiveOnly(app, proc, instanceNo, volume, created);
        catalogs.update(catalogKey(app, proc, instanceNo, volume), Catalog::empty, c -> c.with(entry));
        return entry;
    }

    /** An archive object without an entry (what a crash between commit and catalog leaves); returns the entry it would have. */
    public CatalogEntry archiveOnly(String app, String proc, int instanceNo, String volume, Instant created) {
        String name = name(app, proc, instanceNo, volume, created);
        String key = folder(app, proc, instanceNo, volume) + "/full/" + name;
        byte[] bytes = ("archive " + name).getBytes(StandardCharsets.UTF_8);
        storage.replace(key, bytes);
        return new CatalogEntry(name, key, CatalogEntry.FULL, "tar.gz", bytes.length, sha256(bytes), created, app, proc,
                instanceNo, "/data/lain/volumes/" + app + "/" + proc + "/" + instanceNo + volume, volume, List.of("c1"),
                "10.0.0.9", 1L, 10L, CatalogEntry.COMPLETE, null, Map.of());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
