package io.backupd.e2e;

import static io.backupd.e2e.Cluster.NODE2;
import static io.backupd.e2e.Cluster.NODE3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Await;
import io.backupd.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path with nothing faked: real etcd, two real daemons on 127.0.0.2 and 127.0.0.3 and a
 * real controller, driven over HTTP only, with the test playing deployd by writing pod groups into
 * etcd. The tests run in order, each building on the cluster the previous one left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final Duration RUN = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    private Cluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.start(seed(dir));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Seeds the volumes where deployd's fixtures place the instances, before any daemon starts. */
    static Path seed(Path dir) throws Exception {
        write(dir, NODE2, "hello.web.web", 1, "/var/lib/hello", Map.of("index.html", "<h1>hello</h1>\n", "conf/app.json", "{}\n"));
        write(dir, NODE2, "hello.worker.worker", 1, "/data/queue", Map.of("q1", "message 1\n"));
        write(dir, NODE3, "hello.worker.worker", 2, "/data/queue", Map.of("q2", "message 2\n", "sub/q2b", "more\n"));
        return dir;
    }

    static void write(Path dir, String node, String proc, int instanceNo, String volume, Map<String, String> files) throws Exception {
        Path root = dir.resolve("root-" + node).resolve(proc.substring(0, proc.indexOf('.'))).resolve(proc)
                .resolve(Integer.toString(instanceNo)).resolve(volume.substring(1));
        for (var file : files.entrySet()) {
            Path p = root.resolve(file.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, file.getValue());
        }
    }

    @Test
    @Order(1)
    void jobsLandOnTheNodesThatRunTheInstances() {
        // web's incremental volume also gets its weekly repository check
        List<String> on2 = List.of("backup hello.web.web#1 full", "backup hello.web.web#1 increment", "backup hello.worker.worker#1 full",
                "backup_check", "backup_expire");
        List<String> on3 = List.of("backup hello.worker.worker#2 full", "backup_expire");
        Await.until("the planned jobs of both nodes", SOON, () ->
                describe(cluster.ctl.get("/api/v2/server/" + NODE2 + "/cron/jobs").body()).equals(on2)
                        && describe(cluster.ctl.get("/api/v2/server/" + NODE3 + "/cron/jobs").body()).equals(on3)
                        ? Optional.of(true) : Optional.empty());
        for (String node : List.of(NODE2, NODE3)) {
            JsonNode planned = cluster.ctl.get("/api/v2/server/" + node + "/cron/jobs").body();
            Await.until("daemon " + node + " to hold its planned jobs", SOON, () ->
                    ids(daemonJobs(node)).equals(ids(planned)) ? Optional.of(true) : Optional.empty());
            assertThat(ids(planned)).allSatisfy(id -> assertThat(id).startsWith(node.equals(NODE2) ? "7f000002" : "7f000003"));
        }
        Http.Answer state = cluster.ctl.get("/api/v2/system/state");
        assertThat(state.body().get("apps").findValuesAsText("name")).containsExactly("hello", "plain");
        assertThat(state.body().get("problems").findValuesAsText("source")).contains(Cluster.key("broken.web.web"));
        assertThat(state.body().at("/source/kind").asText()).isEqualTo("etcd");
        assertThat(cluster.ctl.get("/api/v2/app/plain/cron/jobs").body()).isEmpty();
        Http.Answer all = cluster.ctl.get("/api/v2/system/cron/jobs");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.unreachable()).isNull();
        assertThat(all.body().fieldNames()).toIterable().containsExactly(NODE2, NODE3);
    }

    @Test
    @Order(2)
    void aRunThroughTheControllerEndsAsASuccessRecordAndItsBackupIsListed() {
        for (String[] target : List.of(new String[]{"hello.worker.worker", "2"}, new String[]{"hello.web.web", "1"})) {
            String id = jobId(target[0], target[1], "full");
            Http.Answer run = cluster.ctl.post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", Map.of());
            assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
            JsonNode record = finished(run.body().get("rid").asText());
            assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
            assertThat(record.get("node").asText()).isEqualTo(target[1].equals("2") ? NODE3 : NODE2);
        }
        Http.Answer worker = cluster.ctl.get("/api/v2/app/hello/proc/worker/backups");
        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.unreachable()).isNull();
        assertThat(worker.body()).singleElement().satisfies(b -> {
            assertThat(b.get("name").asText()).startsWith("hello-hello.worker.worker-2-");
            assertThat(b.get("instanceNo").asInt()).isEqualTo(2);
        });
        assertThat(cluster.ctl.get("/api/v2/app/hello/proc/hello.web.web/backups").body().findValuesAsText("name"))
                .singleElement().asString().startsWith("hello-hello.web.web-1-var-lib-hello-");
        assertThat(cluster.ctl.get("/api/v1/backup/json/app/hello/proc/web?volume=/var/lib/hello").body()).hasSize(1);
    }

    @Test
    @Order(3)
    void deleteRefusesABackupOfAnotherAppOrProc() {
        String name = cluster.ctl.get("/api/v2/app/hello/proc/worker/backups").body().get(0).get("name").asText();

        Http.Answer otherApp = cluster.ctl.post("/api/v2/app/plain/proc/web/backups/actions/delete", Map.of("files", name));
        Http.Answer otherProc = cluster.ctl.post("/api/v2/app/hello/proc/web/backups/actions/delete", Map.of("files", name));

        assertThat(otherApp.status()).as("%s", otherApp.body()).isEqualTo(403);
        assertThat(otherApp.body().get("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(otherProc.status()).isEqualTo(403);
        assertThat(cluster.ctl.get("/api/v2/app/hello/proc/worker/backups").body().findValuesAsText("name")).containsExactly(name);
        assertThat(cluster.ctl.get("/api/v2/app/hello/proc/worker/backups/" + name).body().get("name").asText()).isEqualTo(name);
    }

    @Test
    @Order(4)
    void anAnnotationChangedInEtcdChangesTheJobsWithinSeconds() {
        cluster.etcd.put(Cluster.key("hello.web.web"), Cluster.fixture("hello.web.web").replace("0 23 * * *", "30 22 * * *"));

        awaitWebFullSpecOnDaemon("30 22 * * *");
    }

    @Test
    @Order(5)
    void deletingAPodGroupRemovesItsJobsAndPuttingItBackRestoresThem() {
        cluster.etcd.delete(Cluster.key("hello.worker.worker"));

        Await.until("the worker's jobs to leave both daemons", SOON, () ->
                daemonJobs(NODE3).isEmpty() && describe(daemonJobs(NODE2)).stream().noneMatch(j -> j.contains("worker"))
                        ? Optional.of(true) : Optional.empty());
        assertThat(describe(cluster.ctl.get("/api/v2/app/hello/cron/jobs").body())).noneMatch(j -> j.contains("worker"));
        assertThat(cluster.ctl.get("/api/v2/server/" + NODE3 + "/cron/jobs").body()).as(".3 still runs plain: planned, empty").isEmpty();

        cluster.etcd.put(Cluster.key("hello.worker.worker"), Cluster.fixture("hello.worker.worker"));
        Await.until("the worker's jobs back on .3", SOON, () ->
                describe(daemonJobs(NODE3)).equals(List.of("backup hello.worker.worker#2 full", "backup_expire"))
                        ? Optional.of(true) : Optional.empty());
    }

    @Test
    @Order(6)
    void anEtcdRestartWithItsHistoryCompactedLosesNoUpdate() throws Exception {
        cluster.etcd.stop();
        try {
            Await.until("the controller to see etcd gone", SOON, () ->
                    cluster.ctl.get("/api/v2/system/state").body().at("/source/connected").asBoolean() ? Optional.empty() : Optional.of(true));
            assertThat(describe(cluster.ctl.get("/api/v2/server/" + NODE2 + "/cron/jobs").body())).as("the last state is kept").hasSize(5);
            assertThat(daemonJobs(NODE2)).as("the daemons keep their jobs").hasSize(5);
        } finally {
            cluster.etcd.start();
        }
        cluster.etcd.put(Cluster.key("hello.web.web"), Cluster.fixture("hello.web.web").replace("0 23 * * *", "15 21 * * *"));
        cluster.etcd.put(Cluster.key("plain.web.web"), Cluster.fixture("plain.web.web"));
        long latest = cluster.etcd.put(Cluster.key("plain.web.web"), Cluster.fixture("plain.web.web"));
        cluster.etcd.compact(latest);

        awaitWebFullSpecOnDaemon("15 21 * * *");
        Await.until("connected again", SOON, () ->
                cluster.ctl.get("/api/v2/system/state").body().at("/source/connected").asBoolean() ? Optional.of(true) : Optional.empty());
    }

    @Test
    @Order(7)
    void recordsOfRunsWhileTheControllerWasDownArriveWhenItIsBack() throws Exception {
        String id = jobId("hello.worker.worker", "1", "full");
        cluster.stopController();
        String rid;
        try {
            Http.Answer run = cluster.daemon(NODE2).post("/api/v1/cron/jobs/" + id + "/actions/run", Map.of());
            assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
            rid = run.body().get("rid").asText();
            Await.until("the run to finish on the daemon", RUN, () -> {
                Http.Answer record = cluster.daemon(NODE2).get("/api/v1/cron/record/" + rid);
                return record.status() == 200 && !record.body().get("state").asText().equals("running")
                        ? Optional.of(record) : Optional.empty();
            });
        } finally {
            cluster.startController();
        }
        JsonNode record = finished(rid);
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
    }

    @Test
    @Order(8)
    void aNodeThatIsDownLeavesPartialAnswersThatNameIt() throws Exception {
        cluster.stopDaemon(NODE3);

        Http.Answer backups = cluster.ctl.get("/api/v2/app/hello/proc/worker/backups");
        Http.Answer jobs = cluster.ctl.get("/api/v2/system/cron/jobs");

        assertThat(backups.status()).isEqualTo(200);
        assertThat(backups.unreachable()).isEqualTo(NODE3);
        assertThat(backups.body()).as("node .2 reads the same shared storage").isNotEmpty();
        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.unreachable()).isEqualTo(NODE3);
        assertThat(jobs.body().get(NODE3)).as("the planned jobs still show").hasSize(2);
        Http.Answer debug = cluster.ctl.get("/api/v2/server/" + NODE3 + "/debug");
        assertThat(debug.status()).isEqualTo(200);
        assertThat(debug.unreachable()).isEqualTo(NODE3);
        assertThat(debug.body().get("daemon").isNull()).isTrue();
    }

    private void awaitWebFullSpecOnDaemon(String spec) {
        Await.until("web's full job with schedule " + spec + " on .2", SOON, () -> {
            for (JsonNode job : daemonJobs(NODE2)) {
                if (job.at("/args/proc").asText().equals("hello.web.web") && job.at("/args/mode").asText().equals("full")
                        && job.get("spec").asText().equals(spec)) {
                    return Optional.of(job);
                }
            }
            return Optional.empty();
        });
        assertThat(cluster.ctl.get("/api/v2/app/hello/cron/jobs").body().findValuesAsText("spec")).contains(spec);
    }

    private JsonNode finished(String rid) {
        return ControllerRecords.finished(cluster.ctl, "hello", rid, RUN);
    }

    private String jobId(String proc, String instanceNo, String mode) {
        for (JsonNode job : cluster.ctl.get("/api/v2/app/hello/cron/jobs").body()) {
            if (job.at("/args/proc").asText().equals(proc) && job.at("/args/instanceNo").asText().equals(instanceNo)
                    && job.at("/args/mode").asText().equals(mode)) {
                return job.get("id").asText();
            }
        }
        throw new AssertionError("no " + mode + " job for " + proc + " instance " + instanceNo + "; log:\n" + cluster.controllerLog());
    }

    /** The jobs a daemon holds, from its own API. */
    private List<JsonNode> daemonJobs(String node) {
        List<JsonNode> jobs = new ArrayList<>();
        cluster.daemon(node).get("/api/v1/cron/jobs").body().forEach(entry -> jobs.add(entry.get("job")));
        return jobs;
    }

    private static List<String> describe(Iterable<JsonNode> jobs) {
        List<String> out = new ArrayList<>();
        for (JsonNode job : jobs) {
            out.add(job.get("action").asText().equals("backup")
                    ? "backup " + job.at("/args/proc").asText() + "#" + job.at("/args/instanceNo").asText() + " " + job.at("/args/mode").asText()
                    : job.get("action").asText());
        }
        out.sort(null);
        return out;
    }

    private static TreeSet<String> ids(Iterable<JsonNode> jobs) {
        TreeSet<String> out = new TreeSet<>();
        jobs.forEach(job -> out.add(job.get("id").asText()));
        return out;
    }
}
