package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.json.Json;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job lifecycle over real HTTP against a real daemon (engine, backup task, fs storage, local hooks). */
class CronRoutesTest extends AgainstRealDaemon {
    private static final String DAILY = "0 23 * * *";

    @Test
    void fullJobLifecycle() throws IOException {
        Job one = d.backupJob(1, DAILY, true);
        Job two = d.backupJob(2, DAILY, true);
        String data = Json.write(List.of(one, two));

        Http.Answer put = http.put("/cron/jobs", "data", data, "version", "v1");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.contentType()).startsWith("application/json");
        assertThat(put.body().path("version").asText()).isEqualTo("v1");
        assertThat(put.body().path("changed").asBoolean()).isTrue();
        assertThat(put.body().path("accepted").asInt()).isEqualTo(2);
        assertThat(put.body().path("rejected")).isEmpty();
        assertThat(http.put("/cron/jobs", "data", data, "version", "v1").body().path("changed").asBoolean())
                .as("same version is a no-op").isFalse();

        JsonNode entries = http.get("/cron/jobs").body();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).has("prev")).isTrue();
        assertThat(entries.get(0).path("next").asText()).isNotEmpty();
        assertThat(entries.get(0).path("job").path("action").asText()).isEqualTo("backup");
        assertThat(http.get("/cron/jobs?id=" + one.id()).body()).singleElement()
                .satisfies(e -> assertThat(e.path("job").path("id").asText()).isEqualTo(one.id()));
        assertThat(http.get("/cron/jobs?args_instanceNo=2").body()).singleElement()
                .satisfies(e -> assertThat(e.path("job").path("id").asText()).isEqualTo(two.id()));
        assertThat(http.get("/cron/jobs?action=backup&type=cron&args_app=hello").body()).hasSize(2);
        assertThat(http.get("/cron/jobs?args_app=other").body()).isEmpty();
        assertThat(http.get("/cron/jobs?type=once").body()).isEmpty();
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isEqualTo(2);
        assertThat(http.get("/cron/jobs/" + one.id()).body().path("job").path("id").asText()).isEqualTo(one.id());

        Http.Answer slept = http.post("/cron/jobs/" + one.id() + "/actions/sleep");
        assertThat(slept.status()).isEqualTo(200);
        assertThat(slept.body().path("sleep").asBoolean()).isTrue();
        assertThat(http.get("/cron/jobs/" + one.id()).body().path("job").path("sleep").asBoolean()).isTrue();
        Http.Answer woke = http.post("/cron/jobs/" + one.id() + "/actions/wakeup");
        assertThat(woke.status()).isEqualTo(200);
        assertThat(woke.body().path("sleep").asBoolean()).isFalse();

        Http.Answer run = http.post("/cron/jobs/" + one.id() + "/actions/run");
        assertThat(run.status()).isEqualTo(202);
        String rid = run.body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as("reason: " + record.path("reason")).isEqualTo("success");
        assertThat(record.path("node").asText()).isEqualTo(DaemonFixture.NODE);
        JsonNode result = record.path("result");
        assertThat(result.path("key").asText()).startsWith("hello/hello.web.web/1/data/full/hello-hello.web.web-1-data-");
        assertThat(Files.size(d.storeRoot.resolve(result.path("key").asText()))).isEqualTo(result.path("size").asLong());
        assertThat(result.path("sha256").asText()).hasSize(64);
        assertThat(result.path("preRun").get(0).path("output").asText()).isEqualTo("pre\n");
        assertThat(result.path("postRun").get(0).path("output").asText()).isEqualTo("post\n");

        Http.Answer once = http.post("/cron/once/" + two.id());
        assertThat(once.status()).isEqualTo(202);
        String onceRid = once.body().path("rid").asText();
        assertThat(d.awaitRecord(onceRid, DaemonFixture::finished).path("state").asText()).isEqualTo("success");

        assertThat(http.get("/cron/records").body().findValuesAsText("rid")).contains(rid, onceRid);

        assertThat(http.put("/cron/stop").status()).isEqualTo(200);
        assertThat(http.get("/debug").body().path("scheduling").asBoolean()).isFalse();
        assertThat(http.put("/cron/stop").status()).as("idempotent").isEqualTo(200);
        assertThat(http.put("/cron/start").status()).isEqualTo(200);
        assertThat(http.get("/debug").body().path("scheduling").asBoolean()).isTrue();
    }

    @Test
    void aRunningBackupShowsInDebugAndASecondJobOnTheSameVolumeIsBusy() throws IOException {
        Path go = dir.resolve("go");
        Job slow = d.backupJob(1, DAILY, true);
        Map<String, String> waiting = new java.util.HashMap<>(slow.args());
        waiting.put("preRun", "while [ ! -f '" + go + "' ]; do sleep 0.05; done"); // holds the volume until the test says go
        slow = Job.of("7f000001" + "01".repeat(16), DAILY, "backup", waiting, io.backupd.common.api.JobType.CRON);
        Job other = Job.of("7f000001" + "02".repeat(16), "0 1 * * *", "backup", d.backupJob(1, DAILY, false).args(),
                io.backupd.common.api.JobType.CRON);
        http.put("/cron/jobs", "data", Json.write(List.of(slow, other)), "version", "v1");

        String rid = http.post("/cron/jobs/" + slow.id() + "/actions/run").body().path("rid").asText();
        JsonNode running = d.awaitDebug(debug -> debug.path("running").size() == 1);
        assertThat(running.path("running").get(0).path("rid").asText()).isEqualTo(rid);
        assertThat(running.path("running").get(0).has("progress")).isTrue();

        // an explicit run is answered at once: whoever called can retry, nobody waits behind a backup
        for (String path : List.of("/cron/jobs/" + other.id() + "/actions/run", "/cron/once/" + other.id())) {
            Http.Answer busy = http.post(path);
            assertThat(busy.status()).as(path).isEqualTo(409);
            assertThat(busy.error()).isEqualTo("VOLUME_BUSY");
            assertThat(busy.body().path("message").asText()).contains("busy", rid);
        }
        assertThat(http.get("/cron/records").body().findValuesAsText("id")).doesNotContain(other.id());

        Files.writeString(go, "");
        assertThat(d.awaitRecord(rid, DaemonFixture::finished).path("state").asText()).isEqualTo("success");
    }

    @Test
    void aFullAndAnIncrementalBackupOfOneVolumeFiredAtTheSameSlotBothSucceedTheSecondAfterWaiting() throws IOException {
        Path go = dir.resolve("go");
        String gate = "while [ ! -f '" + go + "' ]; do sleep 0.05; done"; // holds the volume until the test says go
        // one slot a minute, a few seconds ahead: should the job set arrive after it on a slow machine, both jobs
        // still fire together a minute later, so nothing here depends on how fast the machine is
        ZonedDateTime slot = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
        String spec = slot.getSecond() + " * * * * *";
        Job full = d.backupJob(1, spec, true, Map.of("preRun", gate));
        Job increment = d.backupJob(1, spec, true, Map.of("preRun", gate, "mode", "increment"));
        assertThat(http.put("/cron/jobs", "data", Json.write(List.of(full, increment)), "version", "v1").body()
                .path("accepted").asInt()).isEqualTo(2);

        JsonNode waiting = d.awaitDebug(debug -> debug.path("volumeLocks").path("waiting").asInt() == 1, Duration.ofSeconds(90));
        assertThat(waiting.path("running")).hasSize(2);
        Files.writeString(go, "");

        List<JsonNode> records = awaitFinished(List.of(full.id(), increment.id()));
        assertThat(records).allSatisfy(r -> assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("success"));
        assertThat(records).filteredOn(r -> r.path("result").has("volumeWaitMs")).singleElement().satisfies(second -> {
            assertThat(second.path("result").path("volumeWaitMs").asLong()).isPositive();
            String first = records.stream().filter(r -> r != second).findFirst().orElseThrow().path("rid").asText();
            assertThat(second.path("result").path("volumeWaitBehind").asText()).isEqualTo(first);
        });
    }

    /** The finished record of each job, from {@code /cron/records}, once every one of them has one. */
    private List<JsonNode> awaitFinished(List<String> jobIds) throws IOException {
        JsonNode all = d.awaitRecords(records -> jobIds.stream().allMatch(id -> finishedOf(records, id).size() == 1));
        return jobIds.stream().map(id -> finishedOf(all, id).get(0)).toList();
    }

    private static List<JsonNode> finishedOf(JsonNode records, String jobId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        records.forEach(r -> {
            if (r.path("id").asText().equals(jobId) && DaemonFixture.finished(r)) {
                found.add(r);
            }
        });
        return found;
    }

    @Test
    void recordsTakeATotalOfOneToTenThousandAndAnythingElseIsABadRequest() throws IOException {
        Job one = d.backupJob(1, DAILY, true);
        http.put("/cron/jobs", "data", Json.write(List.of(one)), "version", "v1");
        for (int i = 0; i < 2; i++) {
            d.awaitRecord(http.post("/cron/once/" + one.id()).body().path("rid").asText(), DaemonFixture::finished);
        }

        JsonNode all = http.get("/cron/records").body();
        assertThat(all).hasSize(2);
        assertThat(http.get("/cron/records?total=1").body()).singleElement().isEqualTo(all.get(0));
        assertThat(http.get("/cron/records?total=10000").body()).as("more than are kept: all of them").isEqualTo(all);
        assertThat(http.get("/cron/records?total=").body()).as("empty is absent").isEqualTo(all);
        for (String total : List.of("abc", "-1", "0", "1.5", "10001", "99999999999")) {
            Http.Answer bad = http.get("/cron/records?total=" + total);
            assertThat(bad.status()).as(total).isEqualTo(400);
            assertThat(bad.error()).isEqualTo("INVALID_ARGUMENT");
            assertThat(bad.body().path("message").asText()).contains("total", "1 to 10000");
        }
    }

    @Test
    void aJsonBodyIsAcceptedLikeAForm() throws IOException {
        Job one = d.backupJob(1, DAILY, true);
        Http.Answer put = http.putJson("/cron/jobs", Map.of("version", "j1", "data", List.of(one)));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aHandWrittenJobWithoutSleepOrTypeIsAcceptedAsAnAwakeCronJob() throws IOException {
        String id = "7f000001" + "ab".repeat(16);
        String data = "[{\"id\": \"" + id + "\", \"spec\": \"0 23 * * *\", \"action\": \"backup\", "
                + "\"args\": {\"app\": \"hello\", \"proc\": \"hello.web.web\", \"instanceNo\": \"1\", \"volume\": \"/data\"}}]";
        Http.Answer put = http.put("/cron/jobs", "data", data, "version", "hand");
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        assertThat(put.body().path("accepted").asInt()).isEqualTo(1);
        JsonNode job = http.get("/cron/jobs/" + id).body().path("job");
        assertThat(job.path("sleep").asBoolean()).isFalse();
        assertThat(job.path("type").asText()).isEqualTo("cron");
    }

    /**
     * The job shape of the original Lain controller, laincloud/backupd {@code controller/lainlet.go}
     * ({@code UpdateCronJobs}): args are a {@code map[string]interface{}} holding {@code instanceNo}
     * as a number and {@code containers} as a list of ids, plus {@code path} and {@code archive},
     * which this daemon derives itself. Its ids are the Lain controller's own (node ip + MD5), kept
     * as sent, so that controller's per-id calls keep working during a rolling upgrade. Its expire
     * job has no id ({@code controller/lainlet.go} sets none) and is left out like any job without one.
     */
    @Test
    void aJobSetOfTheOriginalLainControllerIsScheduledAndRuns() throws IOException {
        Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/1/data")).resolve("f.txt").toFile().createNewFile();
        String id = "7f000001" + "5a".repeat(16);
        String data = "[{\"id\": \"" + id + "\", \"spec\": \"0 23 * * *\", \"action\": \"backup\", \"type\": \"cron\","
                + " \"sleep\": false, \"args\": {\"path\": \"" + d.volumeRoot + "/hello/hello.web.web/1/data\","
                + " \"archive\": \"hello-hello.web.web-1-data\", \"instanceNo\": 1, \"preRun\": \"echo pre\","
                + " \"postRun\": \"\", \"containers\": [\"abc\", \"def\"], \"app\": \"hello\","
                + " \"proc\": \"hello.web.web\", \"volume\": \"/data\", \"mode\": \"full\"}},"
                // the set's expire job, which that controller sends without an id and with its own arg shape
                + " {\"spec\": \"* * * * *\", \"action\": \"backup_expire\", \"type\": \"cron\","
                + " \"args\": {\"info\": [\"/data/lain/volumes/hello/hello.web.web/1/data\", \"30d\"]}}]";

        Http.Answer put = http.put("/cron/jobs", "data", data, "version", "lain-1");

        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        assertThat(put.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(put.body().path("rejected")).singleElement().satisfies(r -> assertThat(r.asText()).contains("no id"));
        JsonNode args = http.get("/cron/jobs/" + id).body().path("job").path("args");
        assertThat(args.path("instanceNo").asText()).isEqualTo("1");
        assertThat(args.path("containers").asText()).isEqualTo("abc,def");
        String rid = http.post("/cron/jobs/" + id + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as("reason: " + record.path("reason")).isEqualTo("success");
        assertThat(record.path("result").path("key").asText()).startsWith("hello/hello.web.web/1/data/full/");
    }

    @Test
    void aPerSecondScheduleIsRefusedInAPushedJobSet() throws IOException {
        Job often = d.backupJob(1, "* * * * * *", true);

        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(often)), "version", "v1");

        assertThat(put.status()).as(put.body().toString()).isEqualTo(400);
        assertThat(put.body().path("error").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(put.body().path("message").asText()).contains(often.id(), "fires 1s after", "at most once every 1m");
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isZero();
    }

    @Test
    void aJobSetWhoseEveryJobIsInvalidIsRefusedAndChangesNothing() throws IOException {
        Job one = d.backupJob(1, DAILY, true);
        http.put("/cron/jobs", "data", Json.write(List.of(one)), "version", "v1");
        Map<String, String> evil = new java.util.HashMap<>(one.args());
        evil.put("proc", "/etc");
        Job escaping = Job.of("7f000001" + "cd".repeat(16), DAILY, "backup", evil, io.backupd.common.api.JobType.CRON);
        Job badCron = d.backupJob(2, "every day at noon", true);

        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(escaping, badCron)), "version", "v2");

        assertThat(put.status()).as(put.body().toString()).isEqualTo(400);
        assertThat(put.error()).isEqualTo("INVALID_ARGUMENT");
        assertThat(put.body().path("message").asText()).contains(escaping.id(), badCron.id());
        assertUnchanged(one);
        assertThat(http.put("/cron/jobs", "data", "[]", "version", "v3").status())
                .as("an empty set is how a node is emptied, not an invalid one").isEqualTo(200);
    }

    @Test
    void aJobOfTheWrongShapeIsABadRequest() throws IOException {
        for (String data : List.of("[1]", "[null]", "[{\"id\": \"x\", \"type\": \"weekly\"}]", "[{\"args\": [1]}]")) {
            Http.Answer put = http.put("/cron/jobs", "data", data, "version", "v9");
            assertThat(put.status()).as(data).isEqualTo(400);
            assertThat(put.error()).isEqualTo("INVALID_ARGUMENT");
        }
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isZero();
    }

    @Test
    void aBackupOfAMissingVolumeEndsAsAFailedRecordWithTheReason() throws IOException {
        Job ghost = d.backupJob(9, DAILY, false);
        http.put("/cron/jobs", "data", Json.write(List.of(ghost)), "version", "v1");
        String rid = http.post("/cron/jobs/" + ghost.id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).isEqualTo("failed");
        assertThat(record.path("reason").asText()).contains("does not exist");
        assertThat(d.storeRoot.resolve("hello")).doesNotExist();
    }

    @Test
    void badJobSetsAreRefusedAndLeaveTheSetUnchanged() throws IOException {
        Job one = d.backupJob(1, DAILY, true);
        http.put("/cron/jobs", "data", Json.write(List.of(one)), "version", "v1");

        Http.Answer malformed = http.put("/cron/jobs", "data", "[{\"id\": ", "version", "v2");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).isEqualTo("INVALID_ARGUMENT");
        assertThat(malformed.body().path("message").asText()).contains("data");
        assertUnchanged(one);

        Http.Answer notAList = http.put("/cron/jobs", "data", "{\"id\": \"x\"}", "version", "v2");
        assertThat(notAList.status()).isEqualTo(400);
        assertUnchanged(one);

        Http.Answer noVersion = http.put("/cron/jobs", "data", Json.write(List.of(d.backupJob(2, DAILY, true))));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.body().path("message").asText()).contains("version");
        assertUnchanged(one);

        Http.Answer badJsonBody = http.putJson("/cron/jobs", Json.write("not an object"));
        assertThat(badJsonBody.status()).isEqualTo(400);
        assertUnchanged(one);
    }

    @Test
    void aJobWithABadCronIsRejectedByIdWhileValidOnesAreAccepted() throws IOException {
        Job good = d.backupJob(1, DAILY, true);
        Job bad = d.backupJob(2, "every day at noon", true);
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(good, bad)), "version", "v3");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(put.body().path("rejected")).singleElement()
                .satisfies(r -> assertThat(r.asText()).contains(bad.id()));
        assertThat(http.get("/cron/jobs").body().findValuesAsText("id")).containsExactly(good.id());
    }

    @Test
    void aBackupJobWhoseArgsCouldEscapeIsRejectedNamingTheArg() throws IOException {
        Job good = d.backupJob(1, DAILY, true);
        Map<String, String> evil = new java.util.HashMap<>(good.args());
        evil.put("proc", "/etc");
        Job bad = Job.of("7f000001" + "cd".repeat(16), DAILY, "backup", evil, io.backupd.common.api.JobType.CRON);
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(good, bad)), "version", "v4");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(put.body().path("rejected")).singleElement()
                .satisfies(r -> assertThat(r.asText()).contains(bad.id(), "'proc'"));
        assertThat(http.get("/cron/jobs").body().findValuesAsText("id")).containsExactly(good.id());
    }

    @Test
    void unknownJobsAndActionsAreJsonErrors() throws IOException {
        Job one = d.backupJob(1, DAILY, true);
        http.put("/cron/jobs", "data", Json.write(List.of(one)), "version", "v1");
        String unknown = "7f000001" + "0".repeat(32);

        for (Http.Answer a : List.of(http.get("/cron/jobs/" + unknown), http.post("/cron/jobs/" + unknown + "/actions/run"),
                http.post("/cron/jobs/" + unknown + "/actions/sleep"), http.post("/cron/once/" + unknown),
                http.get("/cron/record/nope"))) {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.error()).isEqualTo("NOT_FOUND");
            assertThat(a.body().path("message").asText()).isNotBlank();
        }
        Http.Answer badAction = http.post("/cron/jobs/" + one.id() + "/actions/explode");
        assertThat(badAction.status()).isEqualTo(400);
        assertThat(badAction.error()).isEqualTo("INVALID_ARGUMENT");
        assertThat(badAction.body().path("message").asText()).contains("explode");
        assertUnchanged(one);
        assertThat(http.get("/cron/records").body()).isEmpty();
    }

    private void assertUnchanged(Job only) throws IOException {
        assertThat(http.get("/cron/jobs").body().findValuesAsText("id")).containsExactly(only.id());
        assertThat(http.get("/debug").body().path("version").asText()).isEqualTo("v1");
        assertThat(http.get("/cron/jobs/" + only.id()).body().path("job").path("sleep").asBoolean()).isFalse();
    }
}
