package io.backupd.daemon.api.v1;

import io.javalin.router.JavalinDefaultRoutingApi;

/** A set of related endpoints; the composition root lists the groups the daemon serves. */
@FunctionalInterface
public interface RouteGroup {
    String PREFIX = "/api/v1";

    void addTo(JavalinDefaultRoutingApi routes);
}
