package io.backupd.daemon.api.v1;

import io.backupd.common.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;

/** Builds and starts the HTTP server with the one JSON mapper, the one error shape and the given route groups. */
public final class ApiServer {

    private ApiServer() {
    }

    /** Starts listening on {@code host:port} (0 = a free port; see {@link Javalin#port()}). */
    public static Javalin start(String host, int port, List<RouteGroup> groups) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            ApiErrors.install(config.routes);
            groups.forEach(group -> group.addTo(config.routes));
        }).start();
    }
}
