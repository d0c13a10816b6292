package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd at level 3 ({@link ZstdArchiveStream}): one zstd frame with a content checksum, as the
 * {@code zstd} CLI writes it, so {@code tar --zstd -xf} and {@code zstd -dc | tar -x} read and
 * check it. It has no gzip members, so no member index.
 */
public final class ZstdCompression implements Compression {
    /**
     * zstd's own worker threads per backup. Each holds jobs of several MiB of native memory
     * (about 25 MB at level 3), outside the heap limit; four compress faster than a volume is read,
     * and with {@code --max-backups} backups at once a many-core node would otherwise spend
     * gigabytes on it.
     */
    static final int MAX_WORKERS = 4;

    @Override
    public String extension() {
        return ".tar.zst";
    }

    @Override
    public IndexedOutputStream wrap(OutputStream out) throws IOException {
        return ZstdArchiveStream.output(out, ZstdArchiveStream.DEFAULT_LEVEL,
                Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    }
}
