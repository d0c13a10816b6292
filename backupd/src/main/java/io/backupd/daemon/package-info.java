/**
 * The node daemon's composition root. {@link io.backupd.daemon.Backupd} builds everything from a
 * {@link io.backupd.daemon.DaemonConfig} (filled by {@code backupd daemon} flags, or by
 * standalone mode): storage driver → hook runner → tasks → cron engine → notify delivery → v1 API.
 * Features live in sub-packages: {@code api.v1}, {@code backup} (+ {@code full}), {@code hooks},
 * {@code storage} (+ {@code fs}, {@code memory}), {@code notify}.
 */
package io.backupd.daemon;
