package io.backupd.http;

import io.backupd.common.json.Json;
import io.backupd.http.auth.Authenticator;
import io.backupd.http.tls.TlsIdentity;
import io.backupd.http.tls.TlsTrust;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP server both binaries run: Javalin with the project's JSON mapper, the routes it is given
 * and one error shape for every answer that is not 2xx, whoever gives it (a handler, Javalin or
 * Jetty). A wrong method on a known path is 405, not 404; a body over the configured limit is 413;
 * more than {@value QueryLimits#MAX_DISTINCT_NAMES} distinct query parameters are 400.
 * Every matched route passes the {@link Authenticator} first; a path no route matches is answered
 * 404/405 to anyone, since the routes are documented. With a {@link TlsIdentity} it speaks HTTPS
 * only: the one connector is TLS, and a plain-HTTP request to it reaches no route.
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

    /** One registered route and the roles it declared (e.g. {@code Access.PUBLIC}). */
    public record Route(String method, String path, Set<RouteRole> roles) {
    }

    /** Every HTTP route registered, so a test can check each of them (e.g. that it needs a credential). */
    public List<Route> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod() && endpoint.method != HandlerType.HEAD)
                .map(endpoint -> {
                    Roles roles = endpoint.metadata(Roles.class);
                    return new Route(endpoint.method.name(), endpoint.path, roles == null ? Set.of() : Set.copyOf(roles.getRoles()));
                })
                .toList();
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
        private Authenticator authenticator = Authenticator.NONE;
        private TlsIdentity tls;
        private TlsTrust clientCa;

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

        /** The check every matched route passes; {@link Authenticator#NONE} unless given. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** Serve HTTPS only, presenting {@code identity}; null (the default) for plain HTTP. */
        public Builder tls(TlsIdentity identity) {
            return tls(identity, null);
        }

        /**
         * As {@link #tls(TlsIdentity)}; {@code clientCa} non-null requires every client to present a
         * certificate signed by one of its CAs, or the handshake fails before any route is reached.
         */
        public Builder tls(TlsIdentity identity, TlsTrust clientCa) {
            if (identity == null && clientCa != null) {
                throw new IllegalArgumentException("client certificates need the server's own certificate");
            }
            this.tls = identity;
            this.clientCa = clientCa;
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
                if (tls != null) {
                    // a connector given here replaces Javalin's default plain one
                    TlsIdentity identity = tls;
                    TlsTrust clients = clientCa;
                    config.jetty.addConnector((server, http) -> httpsConnector(server, http, identity, clients, host, port));
                }
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.http.prefer405over404 = true;
                config.http.maxRequestSize = maxRequestBytes;
                config.jsonMapper(new JavalinJackson(Json.mapper(), false));
                new ErrorMapper(binary, bodies).install(config.routes);
                config.routes.before(PathEscapes::check);
                config.routes.before(QueryLimits::check);
                Authenticator auth = authenticator;
                config.routes.beforeMatched(auth::check);
                routes.accept(config.routes);
            });
            return new ApiServer(app.start());
        }

        private static ServerConnector httpsConnector(Server server, HttpConfiguration http, TlsIdentity identity,
                TlsTrust clientCa, String host, int port) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(identity.serverCertificates(clientCa).sslContext());
            ssl.setNeedClientAuth(clientCa != null);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // nodes are called by IP, which TLS clients send no SNI for; the certificate's IP SAN is what the client checks
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        }
    }
}
