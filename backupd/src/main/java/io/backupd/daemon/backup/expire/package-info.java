/**
 * Expiry of full backups: {@link io.backupd.daemon.backup.expire.ExpireTask} ({@code
 * backup_expire}, one job per node) reads the node's job set through a {@link
 * io.backupd.daemon.backup.expire.JobSetView}, and for each backed-up volume: lock the volume →
 * pick the expired entries ({@code ExpirePolicy}: older than {@code expire}, never the newest) →
 * remove them from the catalog → delete their archives → sweep old archives that no entry lists.
 */
package io.backupd.daemon.backup.expire;
