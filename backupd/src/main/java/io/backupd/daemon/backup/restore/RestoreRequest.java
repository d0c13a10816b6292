package io.backupd.daemon.backup.restore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One restore of a whole volume from one archive.
 *
 * @param volume         the volume directory on this host, absolute and resolved under the volume root
 * @param rid            restore id, unique per restore ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}); names the
 *                       journal and the staging folder
 * @param archive        the stored archive bytes
 * @param decompressor   stored bytes → tar stream
 * @param expectedSha256 hex SHA-256 of the stored bytes, from the catalog
 * @param maxDataBytes   the most file data the restore may write to disk ({@link #dataBoundOf}); an
 *                       archive that would write more is refused and nothing is swapped in
 */
public record RestoreRequest(Path volume, String rid, ArchiveSource archive, Decompressor decompressor,
                             String expectedSha256, long maxDataBytes) {
    /**
     * Each file's last partial block is written even when it is zeros; that, and zero padding that
     * holes absorb, is what a restore may write beyond the bytes a backup read.
     */
    private static final long SLACK_PER_FILE = SparseWriter.BLOCK;

    /** Without a bound from the catalog: only the extractor's own limits apply. */
    public RestoreRequest(Path volume, String rid, ArchiveSource archive, Decompressor decompressor, String expectedSha256) {
        this(volume, rid, archive, decompressor, expectedSha256, Long.MAX_VALUE);
    }

    /**
     * The data a restore of a backup that recorded {@code bytes} read from {@code files} files may
     * write: those bytes plus one block per file (and one more). Unbounded when either is unknown
     * (an entry rebuilt from the archive alone).
     */
    public static long dataBoundOf(Long bytes, Long files) {
        if (bytes == null || files == null || bytes < 0 || files < 0) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.addExact(bytes, Math.multiplyExact(files + 1, SLACK_PER_FILE));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    public RestoreRequest {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(decompressor, "decompressor");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
        if (maxDataBytes < 0) {
            throw new IllegalArgumentException("maxDataBytes must not be negative");
        }
    }
}
