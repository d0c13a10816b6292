package io.backupd.daemon.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.backupd.common.api.BackupEntity;
import io.backupd.common.spec.BackupMode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One backup in a volume folder's catalog; the on-disk shape is documented field by field in
 * {@code api-docs/catalog.md}. Optional fields are null when unknown (a rebuilt entry does not
 * know the containers or the node that made it).
 *
 * @param name       the archive's file name, {@code <app>-<proc>-<N>-<volume-key>-<unix>.tar.gz} (or {@code .tar.zst})
 * @param key        the archive's storage key, inside the catalog's volume folder
 * @param mode       {@code full} (later {@code increment})
 * @param format     {@code tar.gz} or {@code tar.zst}: how the archive is encoded; a reader picks its extractor by it
 * @param size       bytes of the stored archive
 * @param sha256     lowercase hex SHA-256 of the stored archive bytes
 * @param created    when the backup started
 * @param source     the volume's directory on the node that backed it up
 * @param volume     the volume's path inside the container, e.g. {@code /var/lib/mysql}
 * @param containers the instance's container ids when it was backed up
 * @param server     the ip of the node that made it
 * @param files      regular files in the archive
 * @param bytes      volume bytes that went in (before compression)
 * @param state      {@code complete}; only complete entries are listed
 * @param parent     the snapshot an incremental backup builds on; null for full backups
 * @param extra      free-form facts for later readers (a rebuild's {@code rebuiltAt})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogEntry(
        String name,
        String key,
        String mode,
        String format,
        long size,
        String sha256,
        Instant created,
        String app,
        String proc,
        int instanceNo,
        String source,
        String volume,
        List<String> containers,
        String server,
        Long files,
        Long bytes,
        String state,
        String parent,
        Map<String, Object> extra) {

    public static final String FULL = BackupMode.FULL.wireName();
    public static final String COMPLETE = "complete";

    public CatalogEntry {
        containers = containers == null ? List.of() : List.copyOf(containers);
        // JSON may hold nulls inside extra, which Map.copyOf refuses
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** True for a finished backup that listings show and restores may use. */
    public boolean complete() {
        return COMPLETE.equals(state);
    }

    /** The entry as the APIs list it. */
    public BackupEntity toEntity() {
        return new BackupEntity(name, mode, app, proc, source, volume, server, size, created, containers, instanceNo,
                sha256, files, parent, format);
    }
}
