package io.backupd.http.auth;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;
import java.util.Objects;
import java.util.Set;

/**
 * Checks {@code Authorization: Bearer <token>} against the {@link ClusterSecret} by the route's
 * {@link Access}: PUBLIC passes, CONTROLLER needs the controller's token, NODE needs the token of
 * the node named in {@link #NODE_HEADER}, which is then {@link #callerNode(Context)}. A route that
 * declares no access gets {@code fallback}.
 */
public final class ClusterAuthenticator implements Authenticator {
    /** The node a daemon's request speaks for; its token must be that node's. */
    public static final String NODE_HEADER = "X-Backupd-Node";
    private static final String BEARER = "Bearer ";
    private static final String CALLER_NODE = "io.backupd.http.auth.node";

    private final ClusterSecret secret;
    private final Access fallback;

    public ClusterAuthenticator(ClusterSecret secret, Access fallback) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public void check(Context ctx) {
        switch (access(ctx.routeRoles())) {
            case PUBLIC -> { }
            case CONTROLLER -> {
                if (!secret.isController(token(ctx))) {
                    throw refused("the controller's credential");
                }
            }
            case NODE -> {
                String node = ctx.header(NODE_HEADER);
                if (!secret.isNode(token(ctx), node)) {
                    throw refused("a node's credential and " + NODE_HEADER + " naming that node");
                }
                ctx.attribute(CALLER_NODE, node);
            }
        }
    }

    /** The node a NODE route's caller proved it is; null when the route was not checked as NODE. */
    public static String callerNode(Context ctx) {
        return ctx.attribute(CALLER_NODE);
    }

    private Access access(Set<RouteRole> roles) {
        for (Access access : Access.values()) {
            if (roles.contains(access)) {
                return access;
            }
        }
        return fallback;
    }

    private static String token(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        return header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).strip() : null;
    }

    private static BackupException refused(String needed) {
        return new BackupException(ErrorCode.UNAUTHENTICATED, "missing or wrong credential: this endpoint needs " + needed);
    }
}
