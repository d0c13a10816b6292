package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a prune did: packs deleted outright (only garbage, or not indexed at all), packs repacked
 * (their live blobs copied to new packs), new packs written, index files replaced, and the bytes freed
 * net of what was written.
 */
public record PruneResult(int snapshots,
                          @JsonProperty("packs_before") int packsBefore,
                          @JsonProperty("packs_deleted") int packsDeleted,
                          @JsonProperty("packs_repacked") int packsRepacked,
                          @JsonProperty("packs_written") int packsWritten,
                          @JsonProperty("index_files_replaced") int indexFilesReplaced,
                          @JsonProperty("bytes_freed") long bytesFreed) {
}
