package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Streams the entries of a snapshot below a path prefix. The tree is in {@link PathOrder}, so a
 * subtree is one contiguous run: reading stops right after it, and paging resumes after a given path.
 */
final class FileLister {
    private final RepositoryStorage storage;

    FileLister(RepositoryStorage storage) {
        this.storage = storage;
    }

    /**
     * Feeds entries at or below {@code prefix} ("" for all) that sort after {@code after} (null for the
     * start) to {@code sink} until it returns false. Returns the snapshot id read.
     */
    String list(String snapshotName, String prefix, String after, Predicate<FileInfo> sink) {
        String dir = normalize(prefix);
        Snapshot snapshot = new SnapshotStore(storage).read(snapshotName);
        List<ChunkId> treeBlobs = snapshot.treeBlobs();
        boolean inside = false;
        BlobReader reader = new BlobReader(storage, treeIndex(storage, treeBlobs));
        try (TreeStream tree = new TreeStream(snapshot.id(), reader, treeBlobs)) {
            for (TreeEntry e = tree.next(); e != null; e = tree.next()) {
                if (!PathOrder.within(e.path(), dir)) {
                    if (inside) {
                        break;
                    }
                    continue;
                }
                inside = true;
                if (after != null && PathOrder.compare(e.path(), after) <= 0) {
                    continue;
                }
                Instant mtime = Instant.ofEpochSecond(0, e.mtimeNanos());
                if (!sink.test(new FileInfo(e.path(), e.size(), mtime, e.isDir()))) {
                    break;
                }
            }
        }
        return snapshot.id();
    }

    /**
     * The index a listing reads a snapshot's tree through: the locations of that tree's blobs only. A
     * listing never reads file data, and a volume of a million small files has a million data blobs,
     * whose locations (~60 B each) a whole index would hold for every page asked; a tree has a few
     * thousand blobs. Chosen by id, not by blob type: a blob is stored once whatever it was first
     * stored as, so a tree blob may be indexed as file data. Unreadable index files are skipped as a
     * backup skips them; a tree blob only they held is then reported missing by the tree stream.
     */
    static ChunkIndex treeIndex(RepositoryStorage storage, List<ChunkId> treeBlobs) {
        Set<ChunkId> wanted = Set.copyOf(treeBlobs);
        ChunkIndex trees = new ChunkIndex();
        IndexLoader.Loaded read = new IndexLoader.Loaded(trees, new ArrayList<>(), new LinkedHashMap<>());
        IndexLoader.forEach(storage, read, (pack, e) -> {
            if (wanted.contains(e.id())) {
                trees.add(pack, e);
            }
        });
        return trees;
    }

    private static String normalize(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && EntryPaths.problem(p) != null) {
            throw BackupException.invalid("listing prefix '" + prefix + "' is not a relative path");
        }
        return p;
    }
}
