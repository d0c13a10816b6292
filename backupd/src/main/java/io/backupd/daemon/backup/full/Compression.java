package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The compressor a tar stream passes through. {@link #wrap} returns a stream whose
 * {@code close()} finishes the compressed format and closes {@code out}.
 */
public interface Compression {

    /** File name ending of the compressed tar, with the dot: {@code .tar.gz}. */
    String extension();

    OutputStream wrap(OutputStream out) throws IOException;
}
