/**
 * The HTTP edge both binaries share. {@link io.backupd.http.ApiServer} builds the server (host,
 * port, the JSON mapper, the body limit, the routes) with {@code ErrorMapper}, which answers every
 * failure a handler raises and every unmatched path (404) or method (405) with {@code {"error",
 * "message"}}, and {@code JsonErrorHandler}, which does the same for what Jetty answers before
 * Javalin sees a request (a bad percent escape, an overlong URI or header block). Both take the
 * code for a status from {@code ErrorCode.forStatus} and their messages from {@code ErrorBodies}.
 * Routes read their input through {@link io.backupd.http.RequestFields} (form or JSON body),
 * {@link io.backupd.http.QueryParams} and {@link io.backupd.http.Fields}.
 */
package io.backupd.http;
