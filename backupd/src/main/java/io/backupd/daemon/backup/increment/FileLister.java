package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.time.Instant;
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
        ChunkIndex index = IndexLoader.load(storage).index();
        boolean inside = false;
        try (TreeStream tree = new TreeStream(snapshot.id(), new BlobReader(storage, index), snapshot.treeBlobs())) {
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
