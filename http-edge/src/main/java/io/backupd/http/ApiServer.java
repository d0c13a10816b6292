package io.backupd.http;

import io.backupd.common.json.Json;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HTTP server both binaries run: Javalin with the project's JSON mapper, the routes it is given
 * and one error shape for every answer that is not 2xx, whoever gives it (a handler, Javalin or
 * Jetty). A wrong method on a known path is 405, not 404; a body over the configured limit is 413;
 * more than {@value QueryLimits#MAX_DISTINCT_NAMES} distinct query parameters are 400.
 */
public final class ApiServer implements AutoCloseable {
    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /** @param binary names the binary in the 500 answer, which says whose log to read ({@code "daemon"}) */
    public static Builder builder(String binary) {
        return new Builder(binary);
    }

    /** The port it listens on; the real one when it was started on port 0. */
    public int port() {
        return app.port();
    }

    /** Stops listening; requests in progress are given Jetty's stop timeout to finish. */
    @Override
    public void close() {
        app.stop();
    }

    /** What to start; {@link #listen}, {@link #maxRequestBytes} and {@link #routes} are required. */
    public static final class Builder {
        private final String binary;
        private String host;
        private int port = -1;
        private long maxRequestBytes = -1;
        private Consumer<RoutesConfig> routes;

        private Builder(String binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
        }

        /** {@code port} 0 picks a free one, see {@link ApiServer#port()}. */
        public Builder listen(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** The largest request body read; once more than this has arrived the request is answered 413 and no more is read. */
        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes <= 0) {
                throw new IllegalArgumentException("maxRequestBytes must be positive, not " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** Adds the endpoints, e.g. {@code routes -> groups.forEach(g -> g.addTo(routes))}. */
        public Builder routes(Consumer<RoutesConfig> routes) {
            this.routes = Objects.requireNonNull(routes, "routes");
            return this;
        }

        /** Starts listening; throws if the port is taken. */
        public ApiServer start() {
            if (host == null || maxRequestBytes < 0 || routes == null) {
                throw new IllegalStateException("listen, maxRequestBytes and routes are required");
            }
            ErrorBodies bodies = new ErrorBodies(maxRequestBytes);
            Javalin app = Javalin.create(config -> {
                config.jetty.host = host;
                config.jetty.port = port;
                config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(bodies)));
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.http.prefer405over404 = true;
                config.http.maxRequestSize = maxRequestBytes;
                config.jsonMapper(new JavalinJackson(Json.mapper(), false));
                new ErrorMapper(binary, bodies).install(config.routes);
                config.routes.before(PathEscapes::check);
                config.routes.before(QueryLimits::check);
                routes.accept(config.routes);
            });
            return new ApiServer(app.start());
        }
    }
}
