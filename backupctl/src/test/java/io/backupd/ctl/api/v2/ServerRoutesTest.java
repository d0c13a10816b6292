package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.testing.Http.Answer;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** /api/v2/server/:ip/...: one node's planned jobs, scheduler start/stop and debug. */
class ServerRoutesTest extends RoutesTestBase {

    @Test
    void aNodesPlannedJobs() throws IOException {
        Answer jobs = get("/api/v2/server/" + N2 + "/cron/jobs");

        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.body().findValuesAsText("action")).containsExactly("backup", "backup_expire");
        assertThat(jobs.body().findValuesAsText("id")).allSatisfy(id -> assertThat(id).startsWith("0a000002"));
    }

    @Test
    void unknownNodeIs404AndAMalformedIpIs400() throws IOException {
        assertError(get("/api/v2/server/10.0.0.9/cron/jobs"), 404, "NOT_FOUND");
        assertError(get("/api/v2/server/10.0.0.9/debug"), 404, "NOT_FOUND");
        assertError(call("PUT", "/api/v2/server/10.0.0.9/cron/actions/stop", okhttp3.RequestBody.create(new byte[0])), 404, "NOT_FOUND");
        assertError(get("/api/v2/server/10.0.0/cron/jobs"), 400, "INVALID_ARGUMENT");
        assertError(get("/api/v2/server/999.0.0.1/debug"), 400, "INVALID_ARGUMENT");
        assertError(get("/api/v2/server/localhost/debug"), 400, "INVALID_ARGUMENT");
        assertThat(apiCalls()).isEmpty();
    }

    @Test
    void startAndStopAreForwardedToThatNode() throws IOException {
        Answer stop = call("PUT", "/api/v2/server/" + N2 + "/cron/actions/stop", okhttp3.RequestBody.create(new byte[0]));
        Answer start = call("PUT", "/api/v2/server/" + N2 + "/cron/actions/start", okhttp3.RequestBody.create(new byte[0]));

        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.body().get("scheduling").asBoolean()).isFalse();
        assertThat(start.body().get("scheduling").asBoolean()).isTrue();
        assertThat(node2.calls("PUT", "/api/v1/cron/stop")).hasSize(1);
        assertThat(node2.calls("PUT", "/api/v1/cron/start")).hasSize(1);
        assertThat(node1.calls("PUT", "/api/v1/cron/st")).isEmpty();
        assertError(call("PUT", "/api/v2/server/" + N2 + "/cron/actions/pause", okhttp3.RequestBody.create(new byte[0])),
                400, "INVALID_ARGUMENT");
    }

    @Test
    void debugIsTheDaemonsPlusTheControllersView() throws IOException {
        io.backupd.testing.Await.until("N1's push recorded", java.time.Duration.ofSeconds(5), () -> {
            try {
                return !get("/api/v2/server/" + N1 + "/debug").body().get("controller").get("lastPush").isNull();
            } catch (IOException e) {
                return false;
            }
        });
        Answer debug = get("/api/v2/server/" + N1 + "/debug");

        assertThat(debug.status()).isEqualTo(200);
        assertThat(debug.unreachable()).isNull();
        assertThat(debug.body().get("daemon").get("nodeIp").asText()).isEqualTo(N1);
        assertThat(debug.body().get("controller").get("reachable").asBoolean()).isTrue();
        assertThat(debug.body().get("controller").get("pushedVersion").asText())
                .isEqualTo(debug.body().get("controller").get("plannedVersion").asText());
    }

    @Test
    void debugOfANodeThatIsDownStillShowsTheControllersView() throws IOException {
        node2.down();

        Answer debug = get("/api/v2/server/" + N2 + "/debug");

        assertThat(debug.status()).isEqualTo(200);
        assertThat(debug.unreachable()).isEqualTo(N2);
        assertThat(debug.body().get("daemon").isNull()).isTrue();
        assertThat(debug.body().get("daemonError").asText()).contains(N2);
        assertThat(debug.body().get("controller").get("node").asText()).isEqualTo(N2);
    }
}
