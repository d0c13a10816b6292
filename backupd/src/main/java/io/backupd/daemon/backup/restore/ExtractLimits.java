package io.backupd.daemon.backup.restore;

/**
 * Bounds on what an archive may ask of the extractor, so that a hostile or corrupt archive fails
 * with a clear message instead of exhausting memory, disk or the kernel's path limits.
 *
 * @param maxEntries       entries in one archive (every file, dir and link counts)
 * @param maxNameBytes     an entry name in UTF-8 bytes (also capped so the name fits PATH_MAX below the volume)
 * @param maxEntrySize     the size one entry may declare
 * @param maxTotalBytes    file bytes in one archive
 * @param maxHeaderBytes   PAX / GNU long-name data in front of one entry (read into memory by Commons Compress)
 * @param maxDeferredBytes memory for what is applied last: symlinks and directory metadata
 */
public record ExtractLimits(long maxEntries, int maxNameBytes, long maxEntrySize, long maxTotalBytes,
                            int maxHeaderBytes, long maxDeferredBytes) {

    public ExtractLimits {
        if (maxEntries < 1 || maxNameBytes < 1 || maxEntrySize < 0 || maxTotalBytes < 0
                || maxHeaderBytes < 512 || maxDeferredBytes < 1) {
            throw new IllegalArgumentException("extract limits must be positive (maxHeaderBytes >= 512)");
        }
    }

    /** Ten million entries, 4096-byte names, 16 TiB per entry, no total cap, 1 MiB headers, 256 MiB deferred. */
    public static ExtractLimits defaults() {
        return new ExtractLimits(10_000_000L, 4096, 16L << 40, Long.MAX_VALUE, 1 << 20, 256L << 20);
    }

    public ExtractLimits withMaxEntries(long value) {
        return new ExtractLimits(value, maxNameBytes, maxEntrySize, maxTotalBytes, maxHeaderBytes, maxDeferredBytes);
    }

    public ExtractLimits withMaxHeaderBytes(int value) {
        return new ExtractLimits(maxEntries, maxNameBytes, maxEntrySize, maxTotalBytes, value, maxDeferredBytes);
    }

    public ExtractLimits withMaxTotalBytes(long value) {
        return new ExtractLimits(maxEntries, maxNameBytes, maxEntrySize, value, maxHeaderBytes, maxDeferredBytes);
    }
}
