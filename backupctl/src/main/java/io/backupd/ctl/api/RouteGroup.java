package io.backupd.ctl.api;

import io.javalin.config.RoutesConfig;

/** A set of endpoints; the composition root lists the groups the server serves. */
public interface RouteGroup {

    void register(RoutesConfig routes);
}
