package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns the stored archive stream into the tar stream (gzip, zstd, ... live with the archive
 * formats, not here). Closing the returned stream must close {@code compressed}.
 */
@FunctionalInterface
public interface Decompressor {
    /** For archives stored as plain tar. */
    Decompressor NONE = compressed -> compressed;

    InputStream open(InputStream compressed) throws IOException;
}
