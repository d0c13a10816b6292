package io.backupd.http.auth;

import io.javalin.security.RouteRole;

/**
 * Who may call a route, declared where the route is registered ({@code routes.get(path, handler,
 * Access.PUBLIC)}); a route that declares none gets its server's default (see
 * {@link ClusterAuthenticator}).
 */
public enum Access implements RouteRole {
    /** Anyone: only liveness ({@code /healthz}). */
    PUBLIC,
    /** The controller's credential. */
    CONTROLLER,
    /** A node's credential for the node it names in {@link ClusterAuthenticator#NODE_HEADER}. */
    NODE
}
