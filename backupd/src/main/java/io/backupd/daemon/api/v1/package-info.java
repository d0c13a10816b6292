/**
 * The daemon's HTTP API under {@code /api/v1} (see {@code api-docs/daemon-backups.md}): {@link
 * io.backupd.daemon.api.v1.CronRoutes} (job set, job actions, records), {@link
 * io.backupd.daemon.api.v1.BackupRoutes} (listing, info, delete, catalog rebuild), {@link
 * io.backupd.daemon.api.v1.RecoverRoutes} (recover and migrate: checked, then queued as a once run), {@link
 * io.backupd.daemon.api.v1.NotifyRoutes} and {@link io.backupd.daemon.api.v1.DebugRoutes}, each a
 * {@link io.backupd.daemon.api.v1.RouteGroup} that the composition root lists and hands to the shared
 * server ({@code io.backupd.http.ApiServer}), which answers every failure with {@code {"error", "message"}}.
 * Request bodies are read as form fields or JSON through {@code io.backupd.http.RequestFields}.
 * A route declares no access of its own, so with a cluster secret the server lets only the
 * controller's credential reach it; {@link io.backupd.daemon.api.v1.HealthRoutes} ({@code GET
 * /healthz}) is the one route declared {@code Access.PUBLIC}.
 * Routes parse and delegate; they hold no state of their own.
 */
package io.backupd.daemon.api.v1;
