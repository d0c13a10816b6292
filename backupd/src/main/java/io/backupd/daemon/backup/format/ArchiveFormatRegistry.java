package io.backupd.daemon.backup.format;

import io.backupd.common.spec.FullFormat;
import io.backupd.daemon.backup.full.ArchiveWriter;
import io.backupd.daemon.backup.recover.ArchiveFormats;
import java.util.EnumMap;
import java.util.Map;

/**
 * The archive formats of this daemon, one {@link ArchiveFormat} each, listed in the composition
 * root; full backups take their writers from it and restores their readers, so a format cannot be
 * writable without being readable. Not thread-safe while being filled; read-only afterwards.
 */
public final class ArchiveFormatRegistry {
    private final Map<FullFormat, ArchiveFormat> formats = new EnumMap<>(FullFormat.class);

    /** Adds {@code format}; a second registration of the same name is a bug. */
    public ArchiveFormatRegistry register(ArchiveFormat format) {
        if (formats.putIfAbsent(format.name(), format) != null) {
            throw new IllegalStateException("archive format '" + format.name().wireName() + "' is registered twice");
        }
        return this;
    }

    /** The writer of every registered format, for full backups. */
    public Map<FullFormat, ArchiveWriter> writers() {
        Map<FullFormat, ArchiveWriter> writers = new EnumMap<>(FullFormat.class);
        formats.forEach((name, format) -> writers.put(name, format.writer()));
        return writers;
    }

    /** The reader of every registered format by its catalog name, for restores. */
    public ArchiveFormats readers() {
        ArchiveFormats readers = new ArchiveFormats();
        formats.forEach((name, format) -> readers.register(name.wireName(), format.reader()));
        return readers;
    }
}
