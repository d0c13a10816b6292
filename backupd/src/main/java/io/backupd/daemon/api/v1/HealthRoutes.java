package io.backupd.daemon.api.v1;

import io.backupd.http.auth.Access;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/** {@code GET /healthz}: 200 {@code {"status":"ok"}} while the API serves; the one route anyone may call. */
public final class HealthRoutes implements RouteGroup {
    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")), Access.PUBLIC);
    }
}
