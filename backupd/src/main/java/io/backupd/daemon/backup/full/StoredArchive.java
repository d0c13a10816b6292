package io.backupd.daemon.backup.full;

/**
 * A committed archive: its storage key, size and SHA-256 of the stored bytes, and what went in.
 */
public record StoredArchive(String key, long size, String sha256, ArchiveStats stats) {
}
