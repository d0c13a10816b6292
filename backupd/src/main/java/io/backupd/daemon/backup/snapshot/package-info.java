/**
 * The daemon's side of incremental backups: one snapshot repository per volume
 * ({@code backup.increment}, format in {@code docs/repository-format.md}) inside the daemon's
 * {@code Storage} ({@link io.backupd.daemon.backup.snapshot.StorageRepositoryStorage}, prefix
 * {@code <app>/<proc>/<N>/<volume-key>/increment/}). {@code BackupTask} takes snapshots through
 * {@link io.backupd.daemon.backup.snapshot.SnapshotBackup}; listings and file lists read them through
 * {@link io.backupd.daemon.backup.snapshot.SnapshotInventory}; {@code backup_expire} forgets and
 * prunes through {@link io.backupd.daemon.backup.snapshot.SnapshotExpiry}; {@code backup_check} is
 * {@link io.backupd.daemon.backup.snapshot.SnapshotCheckTask}.
 */
package io.backupd.daemon.backup.snapshot;
