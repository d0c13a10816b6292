package io.backupd.daemon.backup.full;

/**
 * What went into an archive.
 *
 * @param files    regular files archived
 * @param entries  all entries: files, directories and symlinks
 * @param bytes    bytes read from the volume
 * @param skipped  sockets, devices and files that vanished during the walk, which are left out
 * @param changed  files whose size changed while they were read (stored cut or zero-padded, as GNU tar does)
 */
public record ArchiveStats(long files, long entries, long bytes, long skipped, long changed) {
}
