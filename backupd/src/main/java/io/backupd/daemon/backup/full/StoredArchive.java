package io.backupd.daemon.backup.full;

import io.backupd.common.spec.FullFormat;

/**
 * A committed archive: its storage key, format, size and SHA-256 of the stored bytes, what went
 * in, and where its gzip member index was stored beside it ({@code null} when it has none: a
 * {@code .tar.zst}, or an index that could not be stored, which only makes restores sequential).
 */
public record StoredArchive(String key, FullFormat format, long size, String sha256, ArchiveStats stats,
                            String memberIndexKey) {
}
