package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes a snapshot's entries as they are produced and stores the stream as content-defined tree
 * blobs, so an unchanged tree costs nothing and a changed one only the blobs around the change. Not
 * thread-safe.
 */
final class TreeBuilder {
    private final List<ChunkId> blobs = new ArrayList<>();
    private final ChunkHasher hasher = new ChunkHasher();
    private final ChunkingOutputStream out;
    private final TreeCodec.Writer writer;

    TreeBuilder(FastCdc cdc, Packer packer) {
        this.out = new ChunkingOutputStream(cdc, (b, off, len) -> {
            ChunkId id = hasher.hash(b, off, len);
            packer.add(id, BlobType.TREE, b, off, len);
            blobs.add(id);
        });
        try {
            this.writer = new TreeCodec.Writer(out);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot start the tree encoder", e);
        }
    }

    void add(TreeEntry e) {
        try {
            writer.write(e);
        } catch (IOException ex) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot encode tree entry " + e.path(), ex);
        }
    }

    /** Flushes the last blob and returns the tree's blobs in order; they are stored once the packer finished. */
    List<ChunkId> finish() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot finish the tree", e);
        }
        out.close();
        return List.copyOf(blobs);
    }
}
