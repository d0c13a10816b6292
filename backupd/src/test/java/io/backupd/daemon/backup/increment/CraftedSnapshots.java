package io.backupd.daemon.backup.increment;

import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.time.Instant;
import java.util.List;

/** Writes snapshots with hand-made entries, as a tampered-with storage could hold them. */
final class CraftedSnapshots {
    private CraftedSnapshots() {
    }

    /** Writes a snapshot whose tree holds exactly {@code entries}; returns its id. */
    static String write(RepositoryStorage storage, Instant time, List<TreeEntry> entries) {
        IndexCollector collector = new IndexCollector(storage, IndexFile.MAX_ENTRIES, () -> { });
        List<ChunkId> tree;
        try (Packer packer = new Packer(storage, collector, IndexLoader.load(storage).index(), 1, 64 << 10, 1 << 20, 1)) {
            TreeBuilder builder = new TreeBuilder(new FastCdc(ChunkerParams.TREE), packer);
            entries.forEach(builder::add);
            tree = builder.finish();
            packer.finish();
        }
        collector.flush();
        String id = SnapshotIds.create(time);
        new SnapshotStore(storage).write(new Snapshot(Snapshot.VERSION, id, time, null, "test", "crafted",
                tree.stream().map(ChunkId::hex).toList(), new Snapshot.Totals(entries.size(), 0, 0, 0, 0, 0, 0, 0, 0)));
        return id;
    }

    /** Stores a file's content as one data chunk; returns the chunk. */
    static ChunkId content(RepositoryStorage storage, byte[] content) {
        IndexCollector collector = new IndexCollector(storage, IndexFile.MAX_ENTRIES, () -> { });
        ChunkId id = new ChunkHasher().hash(content, 0, content.length);
        try (Packer packer = new Packer(storage, collector, IndexLoader.load(storage).index(), 1, 64 << 10, 1 << 20, 1)) {
            packer.add(id, BlobType.DATA, content, 0, content.length);
            packer.finish();
        }
        collector.flush();
        return id;
    }

    static TreeEntry file(String path, ChunkId chunk, long size) {
        return new TreeEntry(path, EntryType.FILE, 0644, 0, 0, 1_700_000_000_000_000_000L, TreeEntry.NO_CTIME, size, 1, 1, null, List.of(chunk));
    }

    static TreeEntry dir(String path) {
        return new TreeEntry(path, EntryType.DIR, 0755, 0, 0, 1_700_000_000_000_000_000L, TreeEntry.NO_CTIME, 0, 2, 1, null, List.of());
    }

    static TreeEntry link(String path, String target) {
        return new TreeEntry(path, EntryType.SYMLINK, 0777, 0, 0, 1_700_000_000_000_000_000L, TreeEntry.NO_CTIME, 0, 3, 1, target, List.of());
    }
}
