package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListerTest {
    @TempDir
    Path tmp;
    Path source;

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
    }

    @Test
    void aListingIndexesItsTreeBlobsOnlyNotTheFilesData() {
        FsRepositoryStorage storage = new FsRepositoryStorage(tmp.resolve("repo"));
        IncrementRepository repo = repository(storage);
        String snapshot = repo.backup(source).snapshot();
        List<ChunkId> treeBlobs = new SnapshotStore(storage).read(snapshot).treeBlobs();
        List<ChunkId> data = TestRepos.chunksOf(storage, snapshot, "dir/sub/c.log");

        ChunkIndex index = FileLister.treeIndex(storage, treeBlobs);

        // a million small files are a million data blobs: a listing must not hold their locations
        assertThat(data).isNotEmpty();
        assertThat(data).noneMatch(index::contains);
        assertThat(treeBlobs).allMatch(index::contains);
        assertThat(index.size()).isEqualTo(Set.copyOf(treeBlobs).size());
        assertThat(repo.listFiles(snapshot, "dir/sub", null, 10).entries()).extracting(FileInfo::name)
                .containsExactly("dir/sub", "dir/sub/c.log", "dir/sub/d.log");
    }

    @Test
    void aTreeBlobFirstStoredAsAFilesDataIsStillListed() throws IOException {
        // the tree of this source, as a blob: the same bytes whichever repository stores them
        FsRepositoryStorage first = new FsRepositoryStorage(tmp.resolve("first"));
        Snapshot made = new SnapshotStore(first).read(repository(first).backup(source).snapshot());
        assertThat(made.treeBlobs()).hasSize(1);
        byte[] treeBytes;
        try (BlobReader reader = new BlobReader(first, IndexLoader.load(first).index())) {
            int n = reader.read(made.treeBlobs().get(0));
            treeBytes = Arrays.copyOf(reader.buffer(), n);
        }
        // another repository stores those bytes as a file's data first, then the same tree
        FsRepositoryStorage storage = new FsRepositoryStorage(tmp.resolve("repo"));
        IncrementRepository repo = repository(storage);
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.write(other.resolve("tree.bin"), treeBytes);
        repo.backup(other);
        String snapshot = repo.backup(source).snapshot();
        assertThat(new SnapshotStore(storage).read(snapshot).treeBlobs()).isEqualTo(made.treeBlobs());
        assertThat(TestRepos.locate(storage, made.treeBlobs().get(0)).blob().type()).isEqualTo(BlobType.DATA);

        assertThat(repo.listFiles(snapshot, "", null, 100).entries()).extracting(FileInfo::name)
                .containsExactlyInAnyOrderElementsOf(SourceTrees.paths(source));
    }

    private static IncrementRepository repository(FsRepositoryStorage storage) {
        return TestRepos.countingOpens(storage, new FakeClock(), ConcurrentHashMap.newKeySet());
    }
}
