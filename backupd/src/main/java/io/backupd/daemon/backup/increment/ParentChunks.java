package io.backupd.daemon.backup.increment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunks a changed file had in the parent snapshot, as predictions of how its chunking goes on:
 * a large file that changed in a few places mostly consists of its old chunks. Where the reader expects
 * parent chunk {@code k} to start, it hashes that many bytes; an equal id means equal bytes, and
 * FastCDC cuts equal bytes from a chunk start alike, so the chunk is taken without running the
 * chunker over it. The chunking is exactly the one the chunker would produce, only cheaper.
 *
 * <p>A cut depends on the bytes from the chunk's start and, within the last {@code max} bytes of a
 * file, on where the file ends; a prediction is therefore only made for parent chunks that started at
 * least {@code max} bytes before the parent's end, and only taken where at least {@code max} bytes of
 * the new file remain (the reader checks that). Not thread-safe: one per file being read.
 */
final class ParentChunks {
    /** Predictions that missed, after which a file is chunked the plain way: it was rewritten. */
    private static final int MAX_MISSES = 8;
    private final List<ChunkId> ids;
    private final int[] lengths;
    private final int predictable;
    private Map<ChunkId, Integer> positions;
    private int misses;

    private ParentChunks(List<ChunkId> ids, int[] lengths, int predictable) {
        this.ids = ids;
        this.lengths = lengths;
        this.predictable = predictable;
    }

    /**
     * The predictions for a file whose parent record is {@code parent}, or null when there is nothing
     * to gain (a small file) or a chunk's length is unknown (not indexed).
     */
    static ParentChunks of(TreeEntry parent, ChunkIndex index, int max) {
        if (parent == null || !parent.isFile() || parent.size() <= 2L * max) {
            return null;
        }
        List<ChunkId> ids = parent.chunks();
        int[] lengths = new int[ids.size()];
        long start = 0;
        int predictable = 0;
        for (int k = 0; k < lengths.length; k++) {
            lengths[k] = index.rawLength(ids.get(k));
            if (lengths[k] <= 0) {
                return null;
            }
            if (start + max <= parent.size()) {
                predictable = k + 1;
            }
            start += lengths[k];
        }
        return start == parent.size() && predictable > 0 ? new ParentChunks(ids, lengths, predictable) : null;
    }

    /** True when parent chunk {@code k} may be predicted (it exists and was cut by content, not by the end). */
    boolean predicts(int k) {
        return k >= 0 && k < predictable && misses < MAX_MISSES;
    }

    int length(int k) {
        return lengths[k];
    }

    ChunkId id(int k) {
        return ids.get(k);
    }

    /** Records a prediction that did not hold. */
    void missed() {
        misses++;
    }

    /** The parent chunk expected after a chunk with id {@code id}: its successor in the parent, or -1. */
    int after(ChunkId id) {
        if (misses >= MAX_MISSES) {
            return -1;
        }
        if (positions == null) {
            positions = new HashMap<>(2 * ids.size());
            for (int k = ids.size() - 1; k >= 0; k--) {
                positions.put(ids.get(k), k); // the first occurrence wins
            }
        }
        Integer k = positions.get(id);
        return k == null ? -1 : k + 1;
    }
}
