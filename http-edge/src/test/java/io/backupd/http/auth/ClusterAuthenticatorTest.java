package io.backupd.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.http.ApiServer;
import io.backupd.testing.RawHttp;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The auth step on a real server: each route's declared access, the error shape, unknown paths. */
class ClusterAuthenticatorTest {
    private final ClusterSecret secret = ClusterSecret.random();
    private ApiServer server;
    private int port;

    @BeforeEach
    void start() {
        server = ApiServer.builder("tester").listen("127.0.0.1", 0).maxRequestBytes(4096)
                .authenticator(new ClusterAuthenticator(secret, Access.CONTROLLER))
                .routes(routes -> {
                    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")), Access.PUBLIC);
                    routes.put("/things", ctx -> ctx.json(Map.of("ok", true)));
                    routes.post("/records", ctx -> ctx.json(Map.of("node", ClusterAuthenticator.callerNode(ctx))), Access.NODE);
                }).start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Answer send(String method, String path, String headers) throws IOException {
        return RawHttp.send(port, method, path, headers + "Content-Length: 0\r\n", new byte[0]);
    }

    @Test
    void aPublicRouteNeedsNothing() throws IOException {
        assertThat(RawHttp.get(port, "/healthz").status()).isEqualTo(200);
    }

    @Test
    void aRouteWithoutDeclaredAccessNeedsTheControllersCredential() throws IOException {
        send("PUT", "/things", "").assertError(401, "UNAUTHENTICATED");
        send("PUT", "/things", "Authorization: Bearer wrong\r\n").assertError(401, "UNAUTHENTICATED");
        send("PUT", "/things", "Authorization: Bearer " + secret.nodeToken("10.0.0.1") + "\r\n")
                .assertError(401, "UNAUTHENTICATED");
        assertThat(send("PUT", "/things", "Authorization: Bearer " + secret.controllerToken() + "\r\n").status())
                .isEqualTo(200);
    }

    @Test
    void aNodeRouteNeedsTheCredentialOfTheNodeItNames() throws IOException {
        String a = "Authorization: Bearer " + secret.nodeToken("10.0.0.1") + "\r\n";
        send("POST", "/records", a).assertError(401, "UNAUTHENTICATED");
        send("POST", "/records", a + ClusterAuthenticator.NODE_HEADER + ": 10.0.0.2\r\n").assertError(401, "UNAUTHENTICATED");
        RawHttp.Answer ok = send("POST", "/records", a + ClusterAuthenticator.NODE_HEADER + ": 10.0.0.1\r\n");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("node").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    void anUnknownPathIsStill404AndAWrongMethod405() throws IOException {
        RawHttp.get(port, "/nothing").assertError(404, "NOT_FOUND");
        RawHttp.get(port, "/things").assertError(405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void theServerListsItsRoutesWithTheirAccess() {
        assertThat(server.routes()).extracting(ApiServer.Route::path).containsExactlyInAnyOrder("/healthz", "/things", "/records");
        assertThat(server.routes()).filteredOn(r -> r.path().equals("/healthz")).singleElement()
                .satisfies(r -> assertThat(r.roles()).containsExactly(Access.PUBLIC));
    }
}
