/**
 * Backups of instance volumes. {@link io.backupd.daemon.backup.BackupLayout} is the one place
 * that maps a job's args to a volume directory on this host and to storage keys;
 * {@link io.backupd.daemon.backup.VolumeLocks} keeps one backup or restore per volume;
 * {@link io.backupd.daemon.backup.BackupTask} is the {@code backup} action, whose main path reads
 * top to bottom in {@code run}: validate args → lock the volume → {@code pre_run} in each
 * container → archive and upload (commit) → {@code post_run} → result. Formats live in
 * {@code full/} (and later {@code increment/}).
 */
package io.backupd.daemon.backup;
