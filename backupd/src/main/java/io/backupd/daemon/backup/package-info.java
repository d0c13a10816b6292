/**
 * Backups of instance volumes. {@link io.backupd.daemon.backup.BackupLayout} is the one place
 * that maps a job's args to a volume directory on this host and to storage keys, and an archive
 * name back to its volume folder and catalog; {@link io.backupd.daemon.backup.VolumeLocks} keeps
 * one backup, restore, delete or expire per volume; {@link io.backupd.daemon.backup.BackupSlots}
 * bounds concurrent backups ({@code --max-backups}); {@link io.backupd.daemon.backup.BackupTask}
 * is the {@code backup} action, whose main path reads top to bottom in {@code backup}: validate
 * args → wait for a slot → lock the volume (a scheduled run waits for it) → {@code pre_run} in each
 * container → archive and upload (commit) → catalog entry ({@link io.backupd.daemon.backup.BackupCatalog}; now it is
 * listed) → {@code post_run} → result. {@link io.backupd.daemon.backup.CatalogRebuild} rebuilds a
 * volume's catalog from its archives. Formats live in {@code full/} (and later
 * {@code increment/}); listing, lookup and delete in {@code inventory/}; expiry in {@code expire/};
 * the recover and migrate actions in {@code recover/}, on top of {@code restore/} (verify, stage,
 * swap, and the crash recovery of a swap).
 */
package io.backupd.daemon.backup;
