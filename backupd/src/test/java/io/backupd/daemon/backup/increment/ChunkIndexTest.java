package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkIndexTest {
    private static ChunkId id(Random r) {
        return new ChunkId(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    @Test
    void findsEveryAddedIdAndKeepsTheFirstLocation() {
        Random r = new Random(1);
        ChunkIndex index = new ChunkIndex();
        List<ChunkId> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ChunkId id = id(r);
            ids.add(id);
            assertThat(index.add("p" + (i % 7), new BlobEntry(id, BlobType.DATA, Compression.ZSTD, 8 + i, i, 2 * i))).isTrue();
        }
        assertThat(index.add("other", new BlobEntry(ids.get(5), BlobType.TREE, Compression.NONE, 1, 1, 1))).isFalse();
        assertThat(index.size()).isEqualTo(50_000);
        for (int i = 0; i < ids.size(); i++) {
            ChunkIndex.Location l = index.find(ids.get(i));
            assertThat(l.pack()).isEqualTo("p" + (i % 7));
            assertThat(l.blob().offset()).isEqualTo(8 + i);
            assertThat(l.blob().rawLength()).isEqualTo(2 * i);
        }
        assertThat(index.contains(id(new Random(2)))).isFalse();
    }

    @Test
    void chunkIdHexRoundTrips() {
        ChunkId id = id(new Random(3));
        assertThat(ChunkId.parse(id.hex())).isEqualTo(id);
        byte[] b = new byte[40];
        id.writeTo(b, 4);
        assertThat(ChunkId.of(b, 4)).isEqualTo(id);
    }

    @Test
    void indexFileRoundTripsAndDetectsCorruption() {
        Random r = new Random(4);
        Map<String, List<BlobEntry>> packs = new LinkedHashMap<>();
        packs.put(RepositoryLayout.randomId(), List.of(new BlobEntry(id(r), BlobType.DATA, Compression.ZSTD, 8, 100, 300),
                new BlobEntry(id(r), BlobType.TREE, Compression.NONE, 108, 50, 50)));
        packs.put(RepositoryLayout.randomId(), List.of(new BlobEntry(id(r), BlobType.DATA, Compression.NONE, 8, 1, 1)));
        byte[] bytes = IndexFile.encode(packs);
        Map<String, List<BlobEntry>> back = new LinkedHashMap<>();
        IndexFile.decode(bytes, (p, e) -> back.computeIfAbsent(p, k -> new ArrayList<>()).add(e));
        assertThat(back).isEqualTo(packs);
        bytes[20] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexFile.decode(bytes, (p, e) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
    }
}
