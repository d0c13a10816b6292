package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks one pack against the index: its trailer must list every blob the index places there at the
 * same spot; with {@code readData} every such blob is read, decoded and hashed. Damaged blobs are
 * reported by id so check can name the snapshots and files that need them. One per worker thread.
 */
final class PackChecker implements AutoCloseable {
    private final RepositoryStorage storage;
    private final BlobReader verifier;
    private final PackBuffer buffer = new PackBuffer();

    /** What one pack check found: damaged blob ids with why, and problems about the pack itself. */
    interface Findings {
        void damaged(ChunkId id, String why);

        void problem(CheckProblem problem);

        void blobRead();
    }

    PackChecker(RepositoryStorage storage, ChunkIndex index) {
        this.storage = storage;
        this.verifier = new BlobReader(storage, index);
    }

    void check(String pack, List<BlobEntry> indexed, boolean readData, Findings findings) throws IOException {
        String key = RepositoryLayout.packKey(pack);
        Optional<Long> size = storage.size(key);
        if (size.isEmpty()) {
            findings.problem(new CheckProblem(CheckProblem.Kind.MISSING_PACK, "pack " + pack + " vanished during the check",
                    null, null, null, pack));
            indexed.forEach(e -> findings.damaged(e.id(), "its pack " + pack + " is gone"));
            return;
        }
        checkTrailer(pack, key, size.get(), indexed, findings::problem);
        if (!readData) {
            return;
        }
        buffer.load(storage, pack);
        byte[] bytes = buffer.bytes();
        for (BlobEntry e : indexed) {
            findings.blobRead();
            if ((long) e.offset() + e.length() > buffer.length()) {
                findings.damaged(e.id(), "pack " + pack + " is shorter than the index says");
                continue;
            }
            try {
                verifier.verify(e, bytes, e.offset(), pack);
            } catch (ChunkUnavailableException ex) {
                findings.damaged(e.id(), ex.getMessage());
            }
        }
    }

    private void checkTrailer(String pack, String key, long size, List<BlobEntry> indexed, Consumer<CheckProblem> problems)
            throws IOException {
        try {
            if (size < PackWriter.HEADER + PackWriter.FOOTER) {
                throw new PackTrailer.Malformed("pack is only " + size + " bytes long");
            }
            try (InputStream in = storage.open(key, 0, PackWriter.HEADER)) {
                PackTrailer.checkHeader(in);
            }
            byte[] footer = read(key, size - PackWriter.FOOTER, PackWriter.FOOTER);
            int count = PackTrailer.entryCount(footer, size);
            int tailLength = count * PackWriter.ENTRY + PackWriter.FOOTER;
            List<BlobEntry> trailer = PackTrailer.parse(read(key, size - tailLength, tailLength), count, size);
            Map<ChunkId, BlobEntry> listed = new HashMap<>();
            trailer.forEach(t -> listed.put(t.id(), t));
            for (BlobEntry e : indexed) {
                if (!e.equals(listed.get(e.id()))) {
                    problems.accept(new CheckProblem(CheckProblem.Kind.DAMAGED_PACK, "pack " + pack
                            + " does not hold chunk " + e.id().hex() + " where the index says", null, null, e.id().hex(), pack));
                }
            }
        } catch (PackTrailer.Malformed e) {
            problems.accept(new CheckProblem(CheckProblem.Kind.DAMAGED_PACK, "pack " + pack + ": " + e.getMessage(),
                    null, null, null, pack));
        }
    }

    private byte[] read(String key, long offset, int length) throws IOException {
        try (InputStream in = storage.open(key, offset, length)) {
            byte[] b = in.readNBytes(length);
            if (b.length != length) {
                throw new BackupException(ErrorCode.STORAGE_FAILED, "short read of " + key);
            }
            return b;
        }
    }

    @Override
    public void close() {
        verifier.close();
    }
}
