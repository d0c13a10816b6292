/**
 * Recover and migrate: put a full backup back into a volume on this node, the API's words for
 * what {@code restore/} does underneath. {@link io.backupd.daemon.backup.recover.RecoverPlanner}
 * turns a request (HTTP fields or job args, {@link io.backupd.daemon.backup.recover.RecoverRequest})
 * into a checked {@link io.backupd.daemon.backup.recover.RecoverPlan}: the backup's catalog entry,
 * where it came from, the target volume; the route plans once to answer 4xx before anything runs,
 * the task plans again when it runs. {@link io.backupd.daemon.backup.recover.RecoverTask} is the
 * {@code backup_recover} and {@code backup_migrate} action: plan → lock the target volume →
 * {@code Restorer} (verify the digest, stage, swap) → result. A migrate is a recover whose target
 * is another instance (or proc) of the same app and volume, and every target is a volume the job
 * set declares for backup ({@link io.backupd.daemon.backup.recover.DeclaredVolumes}); storage is keyed by what a backup
 * protects, so any node can read any backup. {@link io.backupd.daemon.backup.recover.ArchiveFormats}
 * picks the {@link io.backupd.daemon.backup.recover.ArchiveReader} by the entry's {@code format}
 * ({@code tar.gz}: {@link io.backupd.daemon.backup.recover.GzipArchiveReader}, on several cores
 * with the member index beside the archive; {@code tar.zst}); {@link
 * io.backupd.daemon.backup.recover.RestoreRecovery} runs the journal recovery at daemon start.
 */
package io.backupd.daemon.backup.recover;
