package io.backupd.daemon.backup.full;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The {@code .tar.zst} streams, on zstd-jni: one zstd frame compressed by zstd's own worker
 * threads (what {@code zstd -T2} does), with a content checksum like the zstd CLI writes, so
 * {@code zstd -d} and {@code tar --zstd -x} read it and check it.
 *
 * <p>zstd-jni works partly on the calling thread (feeding input to its workers, and all of
 * decompression), so both directions put a background thread and a bounded queue of 1 MiB
 * buffers between the caller and zstd, as the pipe does in {@code tar | zstd}: reading files
 * and feeding zstd, or decompressing and writing files, then overlap.
 *
 * <p>No member index: zstd decompresses at several hundred MB/s on one core, faster than a
 * restore writes files, so there is nothing to parallelise beyond that overlap. Memory: the
 * queue's 5–6 MiB, plus zstd's own: with two workers at level 3 about 50 MB of native
 * buffers when writing (jobs of several MiB each, in flight per worker), a 2 MiB window when
 * reading.
 *
 * <p>Static factories, thread-safe; the streams themselves are single-threaded like any
 * stream, and closing them closes what they wrap.
 */
public final class ZstdArchiveStream {

    public static final int DEFAULT_LEVEL = 3;
    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 4;

    private ZstdArchiveStream() {
    }

    /**
     * zstd's default job at level 3 is 8 MiB, and its pool keeps about two jobs' input and output
     * per worker plus spares in native memory, beyond the heap; 2 MiB jobs keep that near 15 MiB.
     */
    static final int JOB_SIZE = 2 << 20;

    /**
     * @param level   zstd level, 1..19 in practice
     * @param workers zstd compression threads; 0 compresses on the caller's thread
     */
    public static IndexedOutputStream output(OutputStream sink, int level, int workers) throws IOException {
        ZstdOutputStream zstd = new ZstdOutputStream(sink, level);
        try {
            zstd.setChecksum(true);
            zstd.setWorkers(workers);
            if (workers > 0) {
                zstd.setJobSize(JOB_SIZE);
            }
        } catch (IOException | RuntimeException e) {
            zstd.close();
            throw e;
        }
        return new Output(new WriteBehindOutputStream(zstd, BUFFER, BUFFERS, "zstd-feed"));
    }

    /** Decompresses every frame of {@code source} in order. */
    public static InputStream input(InputStream source) throws IOException {
        return new ReadAheadInputStream(new ZstdInputStream(source), BUFFER, BUFFERS, "zstd-decompress");
    }

    /** A zstd stream has no gzip members: the index is always empty. */
    private static final class Output extends IndexedOutputStream {

        private final OutputStream out;
        private boolean finished;

        Output(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
            finished = true;
        }

        @Override
        public List<GzipMember> members() {
            if (!finished) {
                throw new IllegalStateException("members are known only after a successful close()");
            }
            return List.of();
        }
    }
}
