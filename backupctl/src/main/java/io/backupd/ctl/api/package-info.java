/**
 * The HTTP server ({@link io.backupd.ctl.api.HttpApi}) and what every route group shares: the one
 * JSON error shape for every failure, unknown paths included. Route groups live in {@code v1}/{@code v2}.
 */
package io.backupd.ctl.api;
