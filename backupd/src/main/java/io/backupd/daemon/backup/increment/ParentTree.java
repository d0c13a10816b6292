package io.backupd.daemon.backup.increment;

import io.backupd.daemon.backup.increment.storage.RepositoryStorage;

/**
 * The parent snapshot's tree, consumed alongside the source walk: both are in {@link PathOrder}, so
 * finding a path's previous entry is a merge step and the parent's tree is never held in memory. If
 * the parent's tree cannot be read, the backup goes on reading every file (with a warning) rather
 * than fail: a damaged parent must not stop new backups. Not thread-safe.
 */
final class ParentTree implements AutoCloseable {
    private final TreeStream stream;
    private final Warnings warnings;
    private TreeEntry current;
    private boolean exhausted;

    private ParentTree(TreeStream stream, Warnings warnings) {
        this.stream = stream;
        this.warnings = warnings;
        this.exhausted = stream == null;
    }

    static ParentTree open(Snapshot parent, RepositoryStorage storage, ChunkIndex index, Warnings warnings) {
        if (parent == null) {
            return new ParentTree(null, warnings);
        }
        try {
            java.util.List<ChunkId> blobs = parent.treeBlobs();
            return new ParentTree(new TreeStream(parent.id(), new BlobReader(storage, index), blobs), warnings);
        } catch (RuntimeException e) {
            warnings.add("", "parent snapshot " + parent.id() + " is unreadable, reading every file: " + e.getMessage());
            return new ParentTree(null, warnings);
        }
    }

    /** The parent's entry for {@code path}, or null; paths must be asked in {@link PathOrder}. */
    TreeEntry find(String path) {
        if (exhausted) {
            return null;
        }
        try {
            while (current == null || PathOrder.compare(current.path(), path) < 0) {
                current = stream.next();
                if (current == null) {
                    exhausted = true;
                    return null;
                }
            }
            return current.path().equals(path) ? current : null;
        } catch (RuntimeException e) {
            warnings.add("", "parent snapshot's tree is unreadable, reading every file: " + e.getMessage());
            exhausted = true;
            return null;
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
