package io.backupd.daemon.backup.increment;

import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Small-chunk options so that tests of a few hundred KB span many chunks and packs. */
final class TestRepos {
    static final ChunkerParams SMALL = new ChunkerParams(2 << 10, 8 << 10, 32 << 10);

    private TestRepos() {
    }

    static RepositoryOptions options(FakeClock clock) {
        return RepositoryOptions.defaults().withChunker(SMALL).withPackTarget(64 << 10).withClock(clock)
                .withLockTimes(Duration.ofMinutes(30), Duration.ofMinutes(5)).withThreads(2, 2);
    }

    /** A repository with {@link #options} that adds every source file it opens for reading to {@code opened}. */
    static IncrementRepository countingOpens(RepositoryStorage storage, FakeClock clock, Set<Path> opened) {
        return new IncrementRepository(storage, options(clock), file -> {
            opened.add(file);
            return FileOpener.DEFAULT.open(file);
        });
    }

    /** The chunk ids of a file in a snapshot, read through the repository's own tree reader. */
    static List<ChunkId> chunksOf(RepositoryStorage storage, String snapshot, String path) {
        Snapshot s = new SnapshotStore(storage).read(snapshot);
        ChunkIndex index = IndexLoader.load(storage).index();
        try (TreeStream t = new TreeStream(s.id(), new BlobReader(storage, index), s.treeBlobs())) {
            for (TreeEntry e = t.next(); e != null; e = t.next()) {
                if (e.path().equals(path)) {
                    return e.chunks();
                }
            }
        }
        throw new AssertionError("no " + path + " in " + snapshot);
    }

    static ChunkIndex.Location locate(RepositoryStorage storage, ChunkId id) {
        return IndexLoader.load(storage).index().find(id);
    }

    static byte[] read(RepositoryStorage storage, String key) {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
