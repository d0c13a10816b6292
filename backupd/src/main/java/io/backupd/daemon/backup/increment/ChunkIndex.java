package io.backupd.daemon.backup.increment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The in-memory index: chunk id to its pack and place there, in compact parallel arrays (about 65
 * bytes per blob). When a blob is stored in several packs (a crashed run, a concurrent backup) the
 * first location added wins. Built once per operation from the index files and read-only afterwards;
 * not thread-safe while being built, safe to share for reading once built.
 */
final class ChunkIndex {
    private final ChunkIdSet ids = new ChunkIdSet();
    private int[] pack = new int[64];
    private int[] offset = new int[64];
    private int[] length = new int[64];
    private int[] raw = new int[64];
    private byte[] meta = new byte[64];
    private final List<String> packIds = new ArrayList<>();
    private final Map<String, Integer> packNumbers = new HashMap<>();
    /** Also the packs that only hold duplicates of blobs indexed elsewhere: a lost one must be noticed too. */
    private final Set<String> namedPacks = new HashSet<>();

    /** A blob found in the index. */
    record Location(String pack, BlobEntry blob) {
    }

    /** Adds a blob's location; false (and no change) when the id is indexed already. */
    boolean add(String packId, BlobEntry e) {
        namedPacks.add(packId);
        int n = ids.addIndex(e.id());
        if (n < 0) {
            return false;
        }
        if (n == pack.length) {
            int size = pack.length * 2;
            pack = Arrays.copyOf(pack, size);
            offset = Arrays.copyOf(offset, size);
            length = Arrays.copyOf(length, size);
            raw = Arrays.copyOf(raw, size);
            meta = Arrays.copyOf(meta, size);
        }
        pack[n] = packNumbers.computeIfAbsent(packId, p -> {
            packIds.add(p);
            return packIds.size() - 1;
        });
        offset[n] = e.offset();
        length[n] = e.length();
        raw[n] = e.rawLength();
        meta[n] = (byte) (e.type().code << 4 | e.compression().code);
        return true;
    }

    boolean contains(ChunkId id) {
        return ids.contains(id);
    }

    /** The plain length of blob {@code id}, or -1 when it is not indexed. */
    int rawLength(ChunkId id) {
        int n = ids.indexOf(id);
        return n < 0 ? -1 : raw[n];
    }

    /** Where {@code id} is stored, or null. */
    Location find(ChunkId id) {
        int n = ids.indexOf(id);
        return n < 0 ? null : location(n, id);
    }

    int size() {
        return ids.size();
    }

    /** Every pack some indexed blob lives in. */
    List<String> packs() {
        return List.copyOf(packIds);
    }

    /** Every pack an added entry named, also those whose blobs were all indexed in another pack first. */
    Set<String> namedPacks() {
        return Set.copyOf(namedPacks);
    }

    void forEach(BiConsumer<String, BlobEntry> visitor) {
        for (int n = 0; n < ids.size(); n++) {
            Location l = location(n, ids.get(n));
            visitor.accept(l.pack(), l.blob());
        }
    }

    private Location location(int n, ChunkId id) {
        BlobEntry e = new BlobEntry(id, BlobType.of(meta[n] >> 4), Compression.of(meta[n] & 0xf),
                offset[n], length[n], raw[n]);
        return new Location(packIds.get(pack[n]), e);
    }
}
