package io.backupd.daemon.backup.format;

import io.backupd.common.spec.FullFormat;
import io.backupd.daemon.backup.full.ArchiveWriter;
import io.backupd.daemon.backup.recover.ArchiveReader;

/**
 * Everything the daemon knows of one archive format, registered once: its name (the job arg
 * {@code format} and the catalog entry's {@code format}), the extension of its archive names, how
 * full backups write it and how restores read it.
 */
public record ArchiveFormat(FullFormat name, ArchiveWriter writer, ArchiveReader reader) {

    /** @throws IllegalArgumentException when the writer makes archives of another extension than the format's */
    public ArchiveFormat {
        if (!writer.extension().equals(name.extension())) {
            throw new IllegalArgumentException("format " + name.wireName() + " needs a writer of " + name.extension()
                    + " archives, got " + writer.extension());
        }
    }

    /** The archive name ending, with its dot: {@code .tar.gz}. */
    public String extension() {
        return name.extension();
    }
}
