/**
 * Restoring a volume from an archive without ever leaving it lost, corrupt or mixed.
 *
 * <p>Main flow ({@link io.backupd.daemon.backup.restore.Restorer#restore}): verify the archive's
 * SHA-256 (streaming) → journal the restore → extract into a staging folder beside the volume
 * ({@code SafeExtractor}: unsafe entries abort, nothing is written outside staging, symlinks and
 * directory metadata applied last) → swap the staged top-level entries into the volume directory
 * ({@link io.backupd.daemon.backup.restore.VolumeSwap}: journaled renames; the volume directory
 * keeps its inode because containers bind-mount it) → result map.
 *
 * <p>At daemon start, {@link io.backupd.daemon.backup.restore.VolumeSwap#recover()} resolves every
 * restore a crash interrupted: each volume ends with exactly its old or exactly its new content.
 * The journal format and state machine are in docs/restore-journal.md.
 *
 * <p>{@link io.backupd.daemon.backup.restore.Restorer#placeFile} puts single files into a live
 * volume (temp name + rename, no symlink followed), for selected-file and incremental restores.
 *
 * <p>Owns: staging/old folder naming, the journal folder, the archive safety rules. Does not own:
 * volume locking (the caller holds VolumeLocks), decompression (a {@code Decompressor} from the
 * archive format), reading storage (an {@code ArchiveSource}).
 */
package io.backupd.daemon.backup.restore;
