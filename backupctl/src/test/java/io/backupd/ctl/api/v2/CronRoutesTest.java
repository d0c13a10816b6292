package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Http.Answer;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** An app's planned jobs, the actions forwarded to its daemon, and every node's jobs with their live sleep state. */
class CronRoutesTest extends RoutesTestBase {

    @Test
    void appJobsListThePlannedJobsOfThatAppOnly() throws IOException {
        Answer hello = get("/api/v2/app/hello/cron/jobs");

        assertThat(hello.status()).isEqualTo(200);
        // web full + increment + the increment's weekly check, worker full on two instances
        // ... and the expire job of each of its two nodes
        assertThat(hello.body()).hasSize(7);
        hello.body().forEach(job -> {
            if (!job.get("action").asText().equals("backup_expire")) {
                assertThat(job.get("args").get("app").asText()).isEqualTo("hello");
            }
            assertThat(job.get("type").asText()).isEqualTo("cron");
        });
        assertThat(hello.body().findValuesAsText("id")).filteredOn(id -> id.startsWith("0a000002")).hasSize(2);
        String id = hello.body().get(0).get("id").asText();
        assertThat(get("/api/v2/app/hello/cron/jobs/" + id).body().get("spec").asText()).isEqualTo("0 23 * * *");
    }

    @Test
    void unknownAppOrJobIs404() throws IOException {
        assertError(get("/api/v2/app/nobody/cron/jobs"), 404, "NOT_FOUND");
        assertError(get("/api/v2/app/hello/cron/jobs/0a000001" + "9".repeat(32)), 404, "NOT_FOUND");
    }

    @Test
    void runIsForwardedToTheJobsNodeAndAnswers202WithTheRid() throws IOException {
        String id = workerJobOn(N2);

        Answer answer = post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", "");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().get("rid").asText()).isEqualTo("rid-from-daemon");
        assertThat(node2.calls("POST", "/api/v1/cron/jobs/" + id + "/actions/run")).hasSize(1);
        assertThat(node1.calls("POST", "/api/v1/cron/jobs/")).isEmpty();
    }

    /** A job the controller lists is runnable at once, even while its node has not taken the new job set yet. */
    @Test
    void aJobRunRightAfterPlanningIsPushedFirstAndRuns() throws IOException {
        node1.refusePushes.set(1);
        String id = planFreshApp();

        Answer answer = post("/api/v2/app/fresh/cron/jobs/" + id + "/actions/run", "");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(answer.body().get("rid").asText()).isEqualTo("rid-from-daemon");
    }

    @Test
    void aJobRunOnADaemonThatLostItsJobSetSincePushedIsPushedAgainAndRuns() throws IOException {
        String id = planFreshApp();
        assertThat(post("/api/v2/app/fresh/cron/jobs/" + id + "/actions/run", "").status()).isEqualTo(202);
        int pushes = node1.calls("PUT", "/api/v1/cron/jobs").size();
        node1.loseJobSet();

        Answer answer = post("/api/v2/app/fresh/cron/jobs/" + id + "/actions/run", "");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(node1.calls("PUT", "/api/v1/cron/jobs")).as("the job set was pushed again").hasSizeGreaterThan(pushes);
    }

    @Test
    void aJobWhoseNodeCannotTakeItsJobSetIsUnavailableNotUnknown() throws IOException {
        node1.refusePushes.set(Integer.MAX_VALUE);
        String id = planFreshApp();

        Answer answer = post("/api/v2/app/fresh/cron/jobs/" + id + "/actions/run", "");

        assertThat(answer.status()).as("%s", answer.body()).isIn(502, 503);
        assertThat(answer.body().get("message").asText()).contains(N1);
        assertThat(node1.calls("POST", "/api/v1/cron/jobs/" + id)).as("never run on a daemon that lacks it").isEmpty();
    }

    /** Plans a new app, fresh, on N1; returns the id of its one backup job as the controller lists it. */
    private String planFreshApp() throws IOException {
        replan("fresh.yaml", """
                appname: fresh
                web:
                  volumes:
                    - /data:
                        backup_full:
                          schedule: "0 4 * * *"
                """);
        return get("/api/v2/app/fresh/cron/jobs").body().get(0).get("id").asText();
    }

    /**
     * Each node's expire job sweeps the volumes of every app on it; an app lists and may run the
     * expire job of the nodes its jobs are planned on, but not silence it for the others.
     */
    @Test
    void theExpireJobOfTheAppsNodesIsListedAndRunnableButNotSilencedByOneApp() throws IOException {
        JsonNode hello = get("/api/v2/app/hello/cron/jobs").body();
        java.util.List<JsonNode> expires = new java.util.ArrayList<>();
        hello.forEach(job -> {
            if (job.get("action").asText().equals("backup_expire")) {
                expires.add(job);
            }
        });
        assertThat(expires).extracting(job -> job.get("id").asText().substring(0, 8)).containsExactlyInAnyOrder("0a000001", "0a000002");
        String expireOnN2 = expires.stream().map(job -> job.get("id").asText()).filter(id -> id.startsWith("0a000002")).findFirst()
                .orElseThrow();

        Answer run = post("/api/v2/app/hello/cron/jobs/" + expireOnN2 + "/actions/run", "");
        Answer v1 = post("/api/v1/cron/once/app/hello/id/" + expireOnN2, "");

        assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
        assertThat(v1.status()).as("%s", v1.body()).isEqualTo(202);
        assertThat(node2.calls("POST", "/api/v1/cron/jobs/" + expireOnN2 + "/actions/run")).hasSize(2);
        assertError(post("/api/v2/app/other/cron/jobs/" + expireOnN2 + "/actions/run", ""), 404, "NOT_FOUND");
        assertError(post("/api/v2/app/hello/cron/jobs/" + expireOnN2 + "/actions/sleep", ""), 403, "FORBIDDEN");
        assertThat(node2.calls("POST", "/api/v1/cron/jobs/" + expireOnN2 + "/actions/sleep")).isEmpty();
    }

    @Test
    void sleepIsForwardedAndRememberedByTheController() throws IOException {
        String id = get("/api/v2/app/hello/cron/jobs").body().get(0).get("id").asText();

        Answer answer = post("/api/v2/app/hello/cron/jobs/" + id + "/actions/sleep", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(node1.calls("POST", "/api/v1/cron/jobs/" + id + "/actions/sleep")).hasSize(1);
        assertThat(sleeps.sleeping(id)).isTrue();
        assertThat(get("/api/v2/app/hello/cron/jobs/" + id).body().get("sleep").asBoolean()).isTrue();

        assertThat(post("/api/v2/app/hello/cron/jobs/" + id + "/actions/wakeup", "").status()).isEqualTo(200);
        assertThat(sleeps.sleeping(id)).isFalse();
    }

    @Test
    void aSleepTheDaemonRefusedIsNotRemembered() throws IOException {
        String id = workerJobOn(N2);
        node2.down();

        assertError(post("/api/v2/app/hello/cron/jobs/" + id + "/actions/sleep", ""), 502, "NODE_UNREACHABLE");

        assertThat(sleeps.sleeping(id)).isFalse();
    }

    @Test
    void daemonErrorsComeBackWithTheirCode() throws IOException {
        node1.runAnswer = new MockResponse().setResponseCode(409).setBody("{\"error\":\"VOLUME_BUSY\",\"message\":\"busy restoring\"}");
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
        assertThat(apiCalls()).isEmpty();
    }

    @Test
    void systemJobsShowEveryNodesJobsWithTheirLiveSleepState() throws IOException {
        String id = workerJobOn(N2);
        assertThat(post("/api/v2/app/hello/cron/jobs/" + id + "/actions/sleep", "").status()).isEqualTo(200);

        Answer all = get("/api/v2/system/cron/jobs");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.unreachable()).isNull();
        assertThat(all.body().fieldNames()).toIterable().containsExactly(N1, N2);
        // N1: hello web full + increment + check, worker 1, other web, expire; N2: worker 2, expire
        assertThat(all.body().get(N1)).hasSize(6);
        assertThat(all.body().get(N2)).hasSize(2);
        JsonNode slept = all.body().get(N2).get(0);
        assertThat(slept.get("id").asText()).isEqualTo(id);
        assertThat(slept.get("sleep").asBoolean()).isTrue();
        assertThat(all.body().get(N2).get(1).get("action").asText()).isEqualTo("backup_expire");
    }

    @Test
    void systemJobsNameTheNodesThatDidNotAnswer() throws IOException {
        node2.down();

        Answer all = get("/api/v2/system/cron/jobs");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.unreachable()).isEqualTo(N2);
        assertThat(all.body().get(N2)).as("the planned jobs still show").hasSize(2);
    }

    private String workerJobOn(String node) throws IOException {
        for (JsonNode job : get("/api/v2/app/hello/cron/jobs").body()) {
            if (job.get("id").asText().startsWith(node.equals(N1) ? "0a000001" : "0a000002")) {
                return job.get("id").asText();
            }
        }
        throw new AssertionError("no hello job on " + node);
    }
}
