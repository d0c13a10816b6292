package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Map;

/**
 * A blob that cannot be read back: absent from the index, its pack gone, or its bytes not matching
 * its id. Callers that can go on (restore, check) catch it to name the files affected; otherwise it
 * surfaces as STORAGE_FAILED.
 */
final class ChunkUnavailableException extends BackupException {
    private final ChunkId chunk;
    private final boolean missing;

    ChunkUnavailableException(ChunkId chunk, boolean missing, String why) {
        super(ErrorCode.STORAGE_FAILED, "chunk " + chunk.hex() + " is " + (missing ? "missing" : "damaged") + ": " + why,
                Map.of("chunk", chunk.hex()), null);
        this.chunk = chunk;
        this.missing = missing;
    }

    ChunkId chunk() {
        return chunk;
    }

    /** True when the chunk is gone (no index entry or no pack), false when its stored bytes are wrong. */
    boolean missing() {
        return missing;
    }
}
