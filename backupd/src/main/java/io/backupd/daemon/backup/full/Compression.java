package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The compressor a tar stream passes through. {@link #wrap} returns a stream whose
 * {@code close()} finishes the compressed format and closes {@code out}; after that its
 * {@link IndexedOutputStream#members()} is the gzip member index to keep beside the archive
 * (empty for formats without members).
 */
public interface Compression {

    /** File name ending of the compressed tar, with the dot: {@code .tar.gz}. */
    String extension();

    IndexedOutputStream wrap(OutputStream out) throws IOException;
}
