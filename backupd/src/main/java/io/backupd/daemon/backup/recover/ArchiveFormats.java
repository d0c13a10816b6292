package io.backupd.daemon.backup.recover;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The archive formats this daemon can restore, by the catalog entry's {@code format}
 * ({@code api-docs/catalog.md}): how the stored bytes become a tar stream. The seam between
 * restoring and the writers in {@code full/}: a new compression registers its {@link ArchiveReader}
 * here, in the composition root, and nothing else in recover or restore changes. Not thread-safe while
 * being filled; read-only afterwards.
 */
public final class ArchiveFormats {
    private final Map<String, ArchiveReader> formats = new LinkedHashMap<>();

    /** Adds {@code format}; a second registration of the same name is a bug. */
    public ArchiveFormats register(String format, ArchiveReader reader) {
        if (formats.putIfAbsent(format, reader) != null) {
            throw new IllegalStateException("archive format '" + format + "' is registered twice");
        }
        return this;
    }

    /** The reader of {@code format}; INVALID_ARGUMENT when this daemon cannot read it. */
    public ArchiveReader lookup(String format) {
        ArchiveReader reader = formats.get(format);
        if (reader == null) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "archive format '" + format + "' cannot be restored by this"
                    + " daemon; it reads " + formats.keySet(), Map.of("format", String.valueOf(format)), null);
        }
        return reader;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(formats.keySet());
    }
}
