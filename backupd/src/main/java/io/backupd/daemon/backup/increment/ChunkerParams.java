package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;

/**
 * FastCDC sizes in bytes. The average must be a power of two between 256 B and 4 MiB (it picks the
 * cut masks); {@code min < avg < max}. Stored in the repository's config at creation: every backup
 * of a repository chunks alike, or deduplication would be lost.
 */
public record ChunkerParams(int min, int avg, int max) {
    /** The data default: 256 KiB / 1 MiB / 4 MiB. */
    public static final ChunkerParams DATA = new ChunkerParams(256 << 10, 1 << 20, 4 << 20);
    /** Tree streams are small and change in places: 16 KiB / 64 KiB / 256 KiB. */
    public static final ChunkerParams TREE = new ChunkerParams(16 << 10, 64 << 10, 256 << 10);

    public ChunkerParams {
        if (Integer.bitCount(avg) != 1 || avg < 256 || avg > (4 << 20)) {
            throw BackupException.invalid("chunker average " + avg + " is not a power of two between 256 B and 4 MiB");
        }
        if (min <= 0 || min >= avg || max <= avg || max > (64 << 20)) {
            throw BackupException.invalid("chunker sizes must satisfy 0 < min < avg < max <= 64 MiB, got "
                    + min + "/" + avg + "/" + max);
        }
    }

    int bits() {
        return Integer.numberOfTrailingZeros(avg);
    }
}
