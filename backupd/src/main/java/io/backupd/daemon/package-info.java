/**
 * The node daemon's composition root. {@link io.backupd.daemon.Backupd} builds everything from a
 * {@link io.backupd.daemon.DaemonConfig} (filled by {@code backupd daemon} flags, or by
 * standalone mode): storage driver → shared parts (volume locks, catalog store, backup slots) →
 * restore recovery (every restore a crash interrupted is settled before anything else runs) →
 * hook runner → tasks → cron engine → notify delivery → v1 API. The expire task sees the
 * engine's job set through {@code EngineJobs}, attached once the engine exists.
 * Features live in sub-packages: {@code api.v1}, {@code backup} (+ {@code full}, {@code
 * inventory}, {@code expire}, {@code recover}, {@code restore}), {@code catalog}, {@code hooks}, {@code storage}
 * (+ {@code fs}, {@code memory}), {@code notify}.
 */
package io.backupd.daemon;
