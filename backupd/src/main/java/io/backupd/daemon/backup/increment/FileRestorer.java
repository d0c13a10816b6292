package io.backupd.daemon.backup.increment;

import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import io.backupd.daemon.backup.restore.SparseWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes one file of a snapshot: its chunks, read and verified one at a time, go to a fresh temp file
 * beside the target through a {@link SparseWriter} (blocks of zeros become holes, so a sparse file
 * stays sparse) (created exclusively, so nothing existing is followed or overwritten), which gets
 * the entry's owner, mode and mtime and is then renamed over the target. A file whose chunk is
 * damaged or missing, or whose chunks hold more than the entry's recorded size, is not renamed into
 * place; the caller is told which chunk. One instance per
 * worker thread: not thread-safe.
 */
final class FileRestorer implements AutoCloseable {
    private static final int READ_AHEAD = 1 << 20;
    private static final int WRITE_SIZE = 1 << 20;
    private final BlobReader reader;
    private final Set<ChunkId> badChunks;

    /** Chunks known bad are shared by all workers, so a damaged chunk is read once, not once per file. */
    FileRestorer(RepositoryStorage storage, ChunkIndex index, Set<ChunkId> badChunks) {
        this.reader = new BlobReader(storage, index, READ_AHEAD);
        this.badChunks = badChunks;
    }

    /** Restores {@code e} at {@code file} in directory {@code dir}; throws {@link ChunkUnavailableException} on bad data. */
    void restore(TreeEntry e, Path dir, Path file) throws IOException {
        Path temp = dir.resolve(tempName());
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                SparseWriter out = new SparseWriter(channel);
                long written = 0;
                for (ChunkId c : e.chunks()) {
                    if (badChunks.contains(c)) {
                        throw new ChunkUnavailableException(c, false, "already found unreadable");
                    }
                    int n;
                    try {
                        n = reader.read(c);
                    } catch (ChunkUnavailableException ex) {
                        badChunks.add(c);
                        throw ex;
                    }
                    written += n;
                    if (written > e.size()) {
                        // chunks are verified by their hash, the tree listing them is not: a tree edited to
                        // repeat a chunk would otherwise inflate a small file into any size
                        throw new ChunkUnavailableException(c, false, "the file's chunks hold more than its recorded "
                                + e.size() + " bytes");
                    }
                    // slices keep the JDK's per-thread native copy buffer at 1 MiB instead of the largest chunk
                    for (int off = 0; off < n; off += WRITE_SIZE) {
                        out.write(reader.buffer(), off, Math.min(WRITE_SIZE, n - off));
                    }
                }
                out.finish();
            }
            EntryMetadata.apply(temp, e);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** A hidden name beside the target; exclusive creation makes a clash an error, never an overwrite. */
    static String tempName() {
        return ".bdrestore-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    @Override
    public void close() {
        reader.close();
    }
}
