package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.io.InputStream;

/**
 * The archive as stored (compressed), opened once per pass: {@link Restorer} reads it twice,
 * first to verify its digest, then to extract it. Each call must return a new stream over the
 * same bytes; the caller closes it. An IOException from here is reported as STORAGE_FAILED.
 */
@FunctionalInterface
public interface ArchiveSource {
    InputStream open() throws IOException;
}
