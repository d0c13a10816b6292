package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunking a changed file with its parent's chunks as predictions must give exactly the chunks the
 * plain chunker gives, whatever the change; and it must actually skip the chunker where the file kept
 * its old chunks.
 */
class ParentChunksTest {
    @TempDir
    Path tmp;
    ChunkIndex index = new ChunkIndex();
    Packer packer;

    @BeforeEach
    void setUp() {
        FsRepositoryStorage storage = new FsRepositoryStorage(tmp.resolve("repo"));
        packer = new Packer(storage, new IndexCollector(storage, IndexFile.MAX_ENTRIES, () -> { }), index, 1,
                64 << 10, TestRepos.SMALL.max(), 1);
    }

    @AfterEach
    void tearDown() {
        packer.close();
    }

    @Test
    void anEditInTheMiddleIsCutAlikeAndTheRestIsTakenFromTheParent() throws IOException {
        byte[] before = SourceTrees.data(1, 600_000);
        byte[] after = before.clone();
        Arrays.fill(after, 300_000, 304_000, (byte) 7);

        Chunked c = chunkBothWays(before, after);

        assertThat(c.predicted()).as("bytes taken from the parent without a cut").isGreaterThan(400_000);
    }

    @Test
    void anInsertionShiftingEverythingResynchronises() throws IOException {
        byte[] before = SourceTrees.data(2, 600_000);
        byte[] after = splice(before, 100_000, 0, new byte[] {1, 2, 3, 4, 5});

        Chunked c = chunkBothWays(before, after);

        assertThat(c.predicted()).isGreaterThan(350_000);
    }

    @Test
    void anAppendedFileKeepsItsOldChunksAndCutsTheEndAgain() throws IOException {
        byte[] before = SourceTrees.data(3, 500_000);
        byte[] after = splice(before, before.length, 0, SourceTrees.data(4, 70_000));

        Chunked c = chunkBothWays(before, after);

        assertThat(c.predicted()).isGreaterThan(350_000);
    }

    @Test
    void randomChangesNeverChangeTheChunking() throws IOException {
        Random r = new Random(42);
        for (int round = 0; round < 150; round++) {
            byte[] before = SourceTrees.data(r.nextLong(), 70_000 + r.nextInt(400_000));
            byte[] after = before;
            for (int edits = r.nextInt(4); edits >= 0; edits--) {
                int at = r.nextInt(after.length + 1);
                int removed = r.nextInt(3) == 0 ? 0 : Math.min(after.length - at, r.nextInt(50_000));
                byte[] inserted = r.nextInt(3) == 0 ? new byte[0] : SourceTrees.data(r.nextLong(), r.nextInt(40_000));
                if (r.nextInt(4) == 0) {
                    inserted = after.length - at - removed > 0 ? Arrays.copyOfRange(after, at + removed,
                            at + removed + Math.min(after.length - at - removed, 9_000)) : inserted; // repeated content
                }
                after = splice(after, at, removed, inserted);
            }
            chunkBothWays(before, after);
        }
    }

    @Test
    void aFileRewrittenEntirelyGivesUpPredictingAfterAFewMisses() throws IOException {
        byte[] before = SourceTrees.data(5, 600_000);
        byte[] after = SourceTrees.data(6, 600_000);

        Chunked c = chunkBothWays(before, after);

        assertThat(c.predicted()).isZero();
    }

    private record Chunked(List<ChunkId> chunks, long predicted) {
    }

    /** Chunks {@code after} plainly and with {@code before}'s chunks as parent; asserts both agree. */
    private Chunked chunkBothWays(byte[] before, byte[] after) throws IOException {
        TreeEntry parent = chunk(before, null).entry();
        FastCdc cdc = new FastCdc(TestRepos.SMALL);
        ChunkHasher hasher = new ChunkHasher();
        for (int off = 0; off < before.length; ) {
            int len = cdc.cut(before, off, before.length - off);
            index.add("00000000000000000000000000000000",
                    new BlobEntry(hasher.hash(before, off, len), BlobType.DATA, Compression.NONE, 0, len, len));
            off += len;
        }
        FileChunker predicting = chunker();
        PendingEntry withParent = chunk(after, parent, predicting);
        PendingEntry plain = chunk(after, null);

        assertThat(withParent.entry().chunks()).isEqualTo(plain.entry().chunks());
        assertThat(withParent.entry().size()).isEqualTo(after.length);
        return new Chunked(withParent.entry().chunks(), predicting.predictedBytes());
    }

    private PendingEntry chunk(byte[] content, TreeEntry parent) throws IOException {
        return chunk(content, parent, chunker());
    }

    private PendingEntry chunk(byte[] content, TreeEntry parent, FileChunker chunker) throws IOException {
        Path file = Files.write(Files.createTempFile(tmp, "f", ".bin"), content);
        SourceEntry s = new SourceEntry("f.bin", file, EntryType.FILE, 0644, 0, 0, 1, 1, content.length, 1, 1, null);
        PendingEntry e = PendingEntry.reading(s, parent);
        chunker.chunk(e);
        assertThat(e.done()).isTrue();
        assertThat(e.entry()).isNotNull();
        return e;
    }

    private FileChunker chunker() {
        return new FileChunker(new FastCdc(TestRepos.SMALL), packer, index, FileOpener.DEFAULT, () -> { });
    }

    private static byte[] splice(byte[] b, int at, int removed, byte[] inserted) {
        byte[] out = new byte[b.length - removed + inserted.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(b, at + removed, out, at + inserted.length, b.length - at - removed);
        return out;
    }
}
