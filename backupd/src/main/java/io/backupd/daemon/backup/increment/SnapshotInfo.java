package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A snapshot as listed: its stable name (the id), when it was taken, the snapshot it was compared with,
 * and its totals. {@code addedBytes} is what this snapshot added to the repository (compressed).
 */
public record SnapshotInfo(String name, Instant time, String parent, long files, long bytes,
                           @JsonProperty("added_bytes") long addedBytes,
                           @JsonProperty("added_chunks") long addedChunks) {
}
