package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The snapshot object, {@code snapshots/<id>.json}: written last, after every pack and index it
 * needs is durable, so its presence means the run finished. {@code tree} lists the tree blobs whose
 * concatenated plain bytes are the JSON-lines file tree.
 */
record Snapshot(int version, String id, Instant time, String parent, String host, String source,
                List<String> tree, Totals totals) {
    static final int VERSION = 1;

    /** What a run saw and what it added; added bytes are as stored (compressed). */
    record Totals(long files, long dirs, long symlinks, long bytes,
                  @JsonProperty("added_bytes") long addedBytes,
                  @JsonProperty("added_raw_bytes") long addedRawBytes,
                  @JsonProperty("added_chunks") long addedChunks,
                  @JsonProperty("files_read") long filesRead,
                  long warnings) {
    }

    List<ChunkId> treeBlobs() {
        return tree.stream().map(ChunkId::parse).toList();
    }
}
