package io.backupd.daemon.backup.recover;

import io.backupd.daemon.backup.restore.Decompressor;
import io.backupd.daemon.catalog.CatalogEntry;

/**
 * How the archives of one format become tar streams for a restore. Asked once per restore, with
 * the archive's catalog entry, so a format can use what is stored beside its archive (a gzip
 * member index) to read faster; what comes out must not depend on it. Implementations are
 * thread-safe; a failure to find such extras is no failure: read without them.
 */
@FunctionalInterface
public interface ArchiveReader {

    /** A reader that needs nothing but the stored bytes. */
    static ArchiveReader of(Decompressor decompressor) {
        return archive -> decompressor;
    }

    Decompressor decompressorFor(CatalogEntry archive);
}
