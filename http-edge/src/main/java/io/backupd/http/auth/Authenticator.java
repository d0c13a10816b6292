package io.backupd.http.auth;

import io.javalin.http.Context;

/**
 * The check every matched route passes before its handler runs ({@code beforeMatched}). A request
 * with no route is not checked: it is answered 404/405 as usual, since the routes are documented.
 */
@FunctionalInterface
public interface Authenticator {
    /** Lets every request through: no cluster secret configured (loopback only, or {@code --insecure}). */
    Authenticator NONE = ctx -> { };

    /**
     * Returns when the request may reach the route {@code ctx} matched (whose roles are
     * {@code ctx.routeRoles()}); otherwise throws a {@code BackupException} UNAUTHENTICATED (no or a
     * wrong credential) or FORBIDDEN (a valid credential that may not call this route), which the
     * error mapper answers. It may leave who called in a context attribute for the handler.
     */
    void check(Context ctx);
}
