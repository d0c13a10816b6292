/**
 * An app's backups through the controller: {@link io.backupd.ctl.backups.BackupService} lists a
 * proc's backups from the daemons of its nodes (partial when a node is down), looks one up, lists
 * an incremental backup's files and deletes; {@link io.backupd.ctl.backups.BackupRestores} sends
 * recover and migrate to the daemon that runs the target instance. Every name is checked, and
 * checked to be the proc's own, before any daemon is asked.
 */
package io.backupd.ctl.backups;
