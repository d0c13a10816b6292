package io.backupd.daemon.catalog;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Map;

/**
 * A catalog that does not parse or breaks the format's rules. It is reported (500, naming the
 * catalog and the first problem) and never overwritten by a backup, a delete or an expire; only
 * an explicit rebuild replaces it, after keeping it aside as {@code catalog.json.corrupt-<millis>}.
 */
public final class CorruptCatalogException extends BackupException {
    private final String catalogKey;

    CorruptCatalogException(String catalogKey, String problem) {
        super(ErrorCode.INTERNAL, "catalog " + catalogKey + " is damaged: " + problem + ". It was left unchanged;"
                + " fix it by hand (see api-docs/catalog.md) or rebuild it from the volume's archives with"
                + " POST /api/v1/backup/catalog/rebuild", Map.of("catalog", catalogKey, "reason", "corrupt"), null);
        this.catalogKey = catalogKey;
    }

    public String catalogKey() {
        return catalogKey;
    }
}
