package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd at level 3 on every core ({@link ZstdArchiveStream}): one zstd frame with a content
 * checksum, as the {@code zstd} CLI writes it, so {@code tar --zstd -xf} and
 * {@code zstd -dc | tar -x} read and check it. It has no gzip members, so no member index.
 */
public final class ZstdCompression implements Compression {

    @Override
    public String extension() {
        return ".tar.zst";
    }

    @Override
    public IndexedOutputStream wrap(OutputStream out) throws IOException {
        return ZstdArchiveStream.output(out, ZstdArchiveStream.DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors());
    }
}
