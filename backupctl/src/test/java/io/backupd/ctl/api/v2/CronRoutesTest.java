package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** An app's planned jobs and the actions forwarded to its daemon. */
class CronRoutesTest extends RoutesTestBase {

    @Test
    void appJobsListThePlannedJobsOfThatAppOnly() throws IOException {
        Answer hello = get("/api/v2/app/hello/cron/jobs");

        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body()).hasSize(4);
        hello.body().forEach(job -> {
            assertThat(job.get("args").get("app").asText()).isEqualTo("hello");
            assertThat(job.get("type").asText()).isEqualTo("cron");
            assertThat(job.get("id").asText()).startsWith("7f000001");
        });
        String id = hello.body().get(0).get("id").asText();
        assertThat(get("/api/v2/app/hello/cron/jobs/" + id).body().get("spec").asText()).isEqualTo("0 23 * * *");
    }

    @Test
    void unknownAppOrJobIs404() throws IOException {
        assertError(get("/api/v2/app/nobody/cron/jobs"), 404, "NOT_FOUND");
        assertError(get("/api/v2/app/hello/cron/jobs/7f000001" + "9".repeat(32)), 404, "NOT_FOUND");
    }

    @Test
    void runIsForwardedToTheDaemonAndAnswers202WithTheRid() throws IOException {
        String id = get("/api/v2/app/hello/cron/jobs").body().get(0).get("id").asText();

        Answer answer = post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", "");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().get("rid").asText()).isEqualTo("rid-from-daemon");
        assertThat(daemonCalls).anySatisfy(call -> {
            assertThat(call.getMethod()).isEqualTo("POST");
            assertThat(call.getPath()).isEqualTo("/api/v1/cron/jobs/" + id + "/actions/run");
        });
    }

    @Test
    void sleepIsForwardedToo() throws IOException {
        String id = get("/api/v2/app/hello/cron/jobs").body().get(0).get("id").asText();

        Answer answer = post("/api/v2/app/hello/cron/jobs/" + id + "/actions/sleep", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(daemonCalls).anySatisfy(call -> assertThat(call.getPath()).endsWith(id + "/actions/sleep"));
    }

    @Test
    void daemonErrorsComeBackWithTheirCode() throws IOException {
        runAnswer = new MockResponse().setResponseCode(409).setBody("{\"error\":\"VOLUME_BUSY\",\"message\":\"busy restoring\"}");
        String id = get("/api/v2/app/hello/cron/jobs").body().get(0).get("id").asText();

        Answer answer = post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", "");

        assertError(answer, 409, "VOLUME_BUSY");
        assertThat(answer.body().get("message").asText()).isEqualTo("busy restoring");
    }

    @Test
    void actionsRefuseUnknownActionsAndOtherAppsJobs() throws IOException {
        String helloJob = get("/api/v2/app/hello/cron/jobs").body().get(0).get("id").asText();

        assertError(post("/api/v2/app/hello/cron/jobs/" + helloJob + "/actions/explode", ""), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/app/other/cron/jobs/" + helloJob + "/actions/run", ""), 404, "NOT_FOUND");
        assertThat(daemonCalls).noneSatisfy(call -> assertThat(call.getPath()).contains("/actions/"));
    }
}
