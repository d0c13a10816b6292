package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;

/**
 * gzip as independent 1 MiB members compressed on every core, blocks that do not compress
 * stored rather than deflated ({@link ParallelGzipOutputStream}): a valid multi-member gzip
 * stream that GNU {@code tar -xzf} reads, made without spending CPU on data that will not shrink.
 */
public final class GzipCompression implements Compression {

    @Override
    public String extension() {
        return ".tar.gz";
    }

    @Override
    public OutputStream wrap(OutputStream out) throws IOException {
        return new ParallelGzipOutputStream(out);
    }
}
