package io.backupd.ctl.api;

import io.backupd.common.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;

/**
 * The controller's HTTP server: Javalin with the project's JSON mapper, the route groups it is
 * given, and {@link ErrorMapping} so that every failure, an unknown path included, answers in the
 * one error shape.
 */
public final class HttpApi implements AutoCloseable {
    private final Javalin app;

    private HttpApi(Javalin app) {
        this.app = app;
    }

    /** Starts listening on {@code host:port} (0 picks a free port, see {@link #port()}). */
    public static HttpApi start(String host, int port, List<RouteGroup> groups) {
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            groups.forEach(group -> group.register(config.routes));
            ErrorMapping.register(config.routes);
        });
        return new HttpApi(app.start());
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
