package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one incremental backup.
 *
 * @param snapshot       id of the snapshot written
 * @param parent         id of the snapshot it was compared with, or null for the first
 * @param bytes          total size of the files in the snapshot
 * @param filesRead      files whose content was read (new or changed)
 * @param filesUnchanged files reused from the parent without reading (same size, mtime, ctime and inode)
 * @param addedChunks    blobs (data and tree) this run stored
 * @param addedBytes     bytes those blobs take in packs (compressed)
 * @param addedRawBytes  their plain size
 * @param warnings       the first skipped entries with why; {@code warningCount} counts all
 * @param missingPacks   packs the index named that were gone from storage; this run dropped them
 *                       from the index ({@link LostPacks}), 0 normally
 * @param lostChunks     chunks only those packs held
 * @param chunksStoredAgain lost chunks this run stored again from the volume (the rest only older
 *                       snapshots need, which stay damaged)
 */
public record BackupResult(String snapshot, String parent, long files, long dirs, long symlinks, long bytes,
                           @JsonProperty("files_read") long filesRead,
                           @JsonProperty("files_unchanged") long filesUnchanged,
                           @JsonProperty("added_chunks") long addedChunks,
                           @JsonProperty("added_bytes") long addedBytes,
                           @JsonProperty("added_raw_bytes") long addedRawBytes,
                           long packs, Duration elapsed, List<String> warnings,
                           @JsonProperty("warning_count") long warningCount,
                           @JsonProperty("missing_packs") long missingPacks,
                           @JsonProperty("lost_chunks") long lostChunks,
                           @JsonProperty("chunks_stored_again") long chunksStoredAgain) {
}
