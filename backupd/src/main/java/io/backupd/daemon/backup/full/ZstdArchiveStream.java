package io.backupd.daemon.backup.full;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The {@code .tar.zst} streams, on zstd-jni: written as independent frames compressed on
 * several threads ({@link ZstdFrameOutputStream}), each with a content checksum like the zstd
 * CLI writes, so {@code zstd -d} and {@code tar --zstd -x} read it and check it; read frame
 * after frame, whoever wrote them.
 *
 * <p>zstd-jni decompresses on the calling thread, so reading puts a background thread and a
 * bounded queue of 1 MiB buffers between zstd and the caller, as the pipe does in
 * {@code zstd -d | tar -x}: decompressing and writing files then overlap. No member index: zstd
 * decompresses at several hundred MB/s on one core, faster than a restore writes files.
 * Memory when reading: the queue's 5–6 MiB and zstd's window (1 MiB for what the daemon writes;
 * an archive made by hand with {@code zstd --long} may ask for up to zstd's default limit of
 * 128 MiB, beyond which it refuses to decompress).
 *
 * <p>Static factories, thread-safe; the streams themselves are single-threaded like any
 * stream, and closing them closes what they wrap.
 */
public final class ZstdArchiveStream {

    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 4;

    private ZstdArchiveStream() {
    }

    /**
     * @param level   zstd level, 1..19 in practice
     * @param threads compressing threads, at least 1
     */
    public static IndexedOutputStream output(OutputStream sink, int level, int threads) {
        return new ZstdFrameOutputStream(sink, threads, level);
    }

    /** Decompresses every frame of {@code source} in order. */
    public static InputStream input(InputStream source) throws IOException {
        return new ReadAheadInputStream(new ZstdInputStream(source), BUFFER, BUFFERS, "zstd-decompress");
    }
}
