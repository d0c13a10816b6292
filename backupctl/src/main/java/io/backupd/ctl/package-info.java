/**
 * The controller binary: {@link io.backupd.ctl.Backupctl} is the composition root and {@code main}.
 * Its commands ({@code controller}, {@code standalone}) turn flags into a
 * {@link io.backupd.ctl.ControllerConfig}; {@code Backupctl.start} wires database → config source
 * → planner → dispatcher → feature services (backups, cron, records) → HTTP API and returns the
 * running {@link io.backupd.ctl.Controller}.
 */
package io.backupd.ctl;
