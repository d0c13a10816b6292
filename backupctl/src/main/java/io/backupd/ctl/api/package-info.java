/**
 * What the controller's route groups share beyond the common HTTP edge ({@code io.backupd.http}:
 * the server, the one error shape, the request-field readers): the {@link io.backupd.ctl.api.RouteGroup}
 * extension point, {@link io.backupd.ctl.api.Partial} answers of fan-outs and {@link
 * io.backupd.ctl.api.RecordQueries}. Route groups live in {@code v1}/{@code v2}.
 */
package io.backupd.ctl.api;
