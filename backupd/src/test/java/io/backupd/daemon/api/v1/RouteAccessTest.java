package io.backupd.daemon.api.v1;

import io.backupd.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.json.Json;
import io.backupd.http.ApiServer;
import io.backupd.http.auth.Access;
import io.backupd.http.auth.ClusterAuthenticator;
import io.backupd.http.auth.ClusterSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the daemon registers, read from the running server so a new route cannot be missed,
 * called by every kind of caller: only a caller its access admits gets the route's own answer,
 * anyone else a 401 in the error shape. Later credentials (tokens) add themselves to {@link #callers}.
 */
class RouteAccessTest {
    /** A kind of caller: the headers it sends and which route accesses admit it. */
    record Caller(String name, Map<String, String> headers, Predicate<Access> admittedTo) {
    }

    @TempDir
    Path dir;

    private final ClusterSecret secret = ClusterSecret.random();
    private DaemonFixture d;

    @BeforeEach
    void start() throws IOException {
        d = new DaemonFixture(dir, secret);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private List<Caller> callers() {
        String node = DaemonFixture.NODE;
        return List.of(
                new Caller("anonymous", Map.of(), access -> access == Access.PUBLIC),
                new Caller("a wrong token", Map.of("Authorization", "Bearer " + "0".repeat(64)), access -> access == Access.PUBLIC),
                new Caller("another cluster's controller",
                        Map.of("Authorization", "Bearer " + ClusterSecret.random().controllerToken()), access -> access == Access.PUBLIC),
                new Caller("this node's own credential", Map.of("Authorization", "Bearer " + secret.nodeToken(node),
                        ClusterAuthenticator.NODE_HEADER, node), access -> access == Access.PUBLIC || access == Access.NODE),
                new Caller("the controller", Map.of("Authorization", "Bearer " + secret.controllerToken()),
                        access -> access != Access.NODE));
    }

    @Test
    void everyRouteAnswersOnlyTheCallersItsAccessAdmits() throws IOException {
        List<ApiServer.Route> routes = d.daemon.routes();
        assertThat(routes).as("the daemon's routes").hasSizeGreaterThan(10)
                .anySatisfy(route -> assertThat(route.path()).isEqualTo("/healthz"));
        SoftAssertions softly = new SoftAssertions();
        // the controller last: some routes change state (stop the scheduler), which must not hide another caller's answer
        for (Caller caller : callers()) {
            Http http = new Http(d.daemon.baseUrl(), caller.headers());
            for (ApiServer.Route route : routes) {
                Access access = access(route);
                Http.Answer answer = http.method(route.method(), route.path().replaceAll("\\{[^}]*}|<[^>]*>", "x"));
                String what = caller.name() + " → " + route.method() + " " + route.path();
                if (caller.admittedTo().test(access)) {
                    softly.assertThat(answer.status()).as(what).isNotIn(401, 403);
                } else {
                    softly.assertThat(answer.status()).as(what).isEqualTo(401);
                    softly.assertThat(answer.error()).as(what).isEqualTo("UNAUTHENTICATED");
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void onlyHealthzIsPublic() {
        assertThat(d.daemon.routes()).filteredOn(route -> access(route) == Access.PUBLIC)
                .extracting(ApiServer.Route::path).containsExactly("/healthz");
    }

    @Test
    void healthzSaysOk() throws IOException {
        Http.Answer answer = new Http(d.daemon.baseUrl()).get("/healthz");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void aRefusedCallChangesNothing() throws IOException {
        Http anonymous = new Http(d.daemon.baseUrl() + "/api/v1");
        Http asNode = new Http(d.daemon.baseUrl() + "/api/v1", Map.of("Authorization", "Bearer " + secret.nodeToken(DaemonFixture.NODE),
                ClusterAuthenticator.NODE_HEADER, DaemonFixture.NODE));
        assertThat(anonymous.put("/notify", "addr", "http://127.0.0.1:9/evil").status()).isEqualTo(401);
        assertThat(asNode.put("/notify", "addr", "http://127.0.0.1:9/evil").status()).isEqualTo(401);
        String jobs = Json.write(List.of(d.backupJob(0, "0 23 * * *", true)));
        assertThat(anonymous.put("/cron/jobs", "data", jobs, "version", "v1").status()).isEqualTo(401);
        assertThat(asNode.put("/cron/jobs", "data", jobs, "version", "v1").status()).isEqualTo(401);
        assertThat(d.http.get("/notify").body().path("addr")).isEmpty();
        assertThat(d.http.get("/cron/jobs").body()).isEmpty();
    }

    /** The access the route declared, else the daemon's default: the controller's credential. */
    private static Access access(ApiServer.Route route) {
        return route.roles().stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst()
                .orElse(Access.CONTROLLER);
    }
}
