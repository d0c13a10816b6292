package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** Single-threaded gzip at the default level; what Lain's {@code tar -czf} produced. */
public final class GzipCompression implements Compression {
    private static final int BUFFER = 1 << 16;

    @Override
    public String extension() {
        return ".tar.gz";
    }

    @Override
    public OutputStream wrap(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, BUFFER);
    }
}
