package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.http.ApiServer;
import io.backupd.http.auth.Access;
import io.backupd.http.auth.Authenticator;
import io.backupd.http.auth.ClusterAuthenticator;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.testing.Http.Answer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The controller with a cluster secret: {@code POST /api/v2/system/notify} takes records only from
 * the node whose credential sent them, and every route answers each kind of caller by its declared
 * access (read from the running server). Routes without a declared access are open until the
 * controller has tokens of its own; token callers join {@link #callers}.
 */
class NotifyAuthTest extends RoutesTestBase {
    private static final String NOTIFY = "/api/v2/system/notify";
    private final ClusterSecret secret = ClusterSecret.random();

    /** A kind of caller: the headers it sends and which route accesses admit it. */
    record Caller(String name, Map<String, String> headers, Predicate<Access> admittedTo) {
    }

    @Override
    Authenticator authenticator() {
        return new ClusterAuthenticator(secret, Access.PUBLIC);
    }

    private Map<String, String> asNode(String credentialOf, String named) {
        return Map.of("Authorization", "Bearer " + secret.nodeToken(credentialOf), ClusterAuthenticator.NODE_HEADER, named);
    }

    private Answer notify(Object records, Map<String, String> headers) throws IOException {
        return call("POST", NOTIFY, RequestBody.create(Json.write(records), MediaType.get("application/json")), headers);
    }

    @Test
    void aNodeStoresItsOwnRecords() throws IOException {
        Answer answer = notify(record("r1", "hello", "2026-02-01T01:00:00Z"), asNode(N1, N1));
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(records.byRid("r1")).isPresent();
    }

    @Test
    void withoutANodesCredentialNothingIsStored() throws IOException {
        JobRecord r1 = record("r1", "hello", "2026-02-01T01:00:00Z");
        assertError(notify(r1, Map.of()), 401, "UNAUTHENTICATED");
        assertError(notify(r1, Map.of("Authorization", "Bearer " + secret.controllerToken())), 401, "UNAUTHENTICATED");
        assertError(notify(r1, asNode(N2, N1)), 401, "UNAUTHENTICATED");
        assertError(notify(r1, Map.of("Authorization", "Bearer " + ClusterSecret.random().nodeToken(N1),
                ClusterAuthenticator.NODE_HEADER, N1)), 401, "UNAUTHENTICATED");
        assertThat(records.byRid("r1")).isEmpty();
    }

    @Test
    void aNodeCannotReportAnotherNodesRuns() throws IOException {
        JobRecord ofN1 = record("r1", "hello", "2026-02-01T01:00:00Z");
        JobRecord ofN2 = JobRecord.started("r0", Job.of("0a000002" + "0".repeat(32), "0 1 * * *", "backup",
                Map.of("app", "hello"), JobType.CRON), N2, Instant.parse("2026-02-01T00:00:00Z"));
        Answer forged = notify(List.of(ofN2, ofN1), asNode(N2, N2));
        assertError(forged, 403, "FORBIDDEN");
        assertThat(forged.body().get("message").asText()).contains("r1", N1);
        assertThat(records.byRid("r0")).as("nothing of the batch is stored").isEmpty();
        assertThat(records.byRid("r1")).isEmpty();
    }

    @Test
    void aRecordRelabelledAsTheSenderButOfAnotherNodesJobIsRefused() throws IOException {
        // N1's job id, node field rewritten to N2: N2 would overwrite N1's history of that job
        JobRecord r = record("r1", "hello", "2026-02-01T01:00:00Z");
        JobRecord relabelled = new JobRecord(r.rid(), r.id(), r.spec(), r.action(), r.args(), r.type(), r.sleep(), N2,
                r.state(), r.start(), r.end(), r.reason(), r.result());
        Answer answer = notify(relabelled, asNode(N2, N2));
        assertError(answer, 403, "FORBIDDEN");
        assertThat(answer.body().get("message").asText()).contains("planned for node " + N1);
        assertThat(records.byRid("r1")).isEmpty();
    }

    private List<Caller> callers() {
        return List.of(
                new Caller("anonymous", Map.of(), access -> access == Access.PUBLIC),
                new Caller("the controller's credential", Map.of("Authorization", "Bearer " + secret.controllerToken()),
                        access -> access == Access.PUBLIC),
                new Caller("a node", asNode(N1, N1), access -> true));
    }

    @Test
    void everyRouteAnswersOnlyTheCallersItsAccessAdmits() throws IOException {
        List<ApiServer.Route> routes = routes();
        assertThat(routes).extracting(ApiServer.Route::path).contains(NOTIFY);
        SoftAssertions softly = new SoftAssertions();
        for (Caller caller : callers()) {
            for (ApiServer.Route route : routes) {
                Access access = route.roles().stream().filter(Access.class::isInstance).map(Access.class::cast)
                        .findFirst().orElse(Access.PUBLIC);
                String path = route.path().replaceAll("\\{[^}]*}|<[^>]*>", "x");
                RequestBody body = route.method().equals("GET") ? null : RequestBody.create(new byte[0]);
                Answer answer = call(route.method(), path, body, caller.headers());
                String what = caller.name() + " → " + route.method() + " " + route.path();
                if (caller.admittedTo().test(access)) {
                    softly.assertThat(answer.status()).as(what).isNotIn(401, 403);
                } else {
                    softly.assertThat(answer.status()).as(what).isEqualTo(401);
                }
            }
        }
        softly.assertAll();
        assertThat(routes).filteredOn(route -> route.roles().contains(Access.NODE)).extracting(ApiServer.Route::path)
                .containsExactly(NOTIFY);
    }
}
