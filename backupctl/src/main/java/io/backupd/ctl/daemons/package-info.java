/**
 * The node daemons as the controller reaches them: {@link io.backupd.ctl.daemons.DaemonClient}
 * (the cron, notify and debug endpoints of the daemon's v1 API, one method per call, errors decoded
 * back into {@code BackupException}), {@link io.backupd.ctl.daemons.DaemonBackups} (its
 * {@code /backup} endpoints) and {@link io.backupd.ctl.daemons.FanOut}, which asks several daemons
 * at once and tells who did not answer.
 */
package io.backupd.ctl.daemons;
