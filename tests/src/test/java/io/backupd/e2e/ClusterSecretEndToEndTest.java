package io.backupd.e2e;

import io.backupd.testing.Http;
import static io.backupd.e2e.Cluster.NODE2;
import static io.backupd.e2e.Cluster.NODE3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose controller and daemons share a cluster secret, attacked from the same network:
 * a real backup still goes from the controller to the daemon and its record back, while a caller
 * without the right credential can neither replace a job set, redirect records nor forge them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSecretEndToEndTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final Duration RUN = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    private Cluster cluster;
    private ClusterSecret secret;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.startWithSecret(ClusterEndToEndTest.seed(dir));
        secret = ClusterSecret.load(cluster.secretFile);
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Http anonymousDaemon(String node) {
        return new Http("http://" + node + ":" + cluster.dport);
    }

    /** A caller holding node {@code credentialOf}'s credential, naming itself {@code named}. */
    private Map<String, String> asNode(String credentialOf, String named) {
        return Map.of("Authorization", "Bearer " + secret.nodeToken(credentialOf), "X-Backupd-Node", named);
    }

    @Test
    @Order(1)
    void aBackupRunsAndItsRecordIsStoredThroughTheCredentials() {
        String id = Await.until("the worker's full backup job planned", SOON, () -> {
            for (JsonNode job : cluster.ctl.get("/api/v2/app/hello/cron/jobs").body()) {
                if (job.at("/args/proc").asText().equals("hello.worker.worker") && job.at("/args/instanceNo").asText().equals("2")
                        && job.at("/args/mode").asText().equals("full")) {
                    return Optional.of(job.get("id").asText());
                }
            }
            return Optional.empty();
        });
        Http.Answer run = cluster.ctl.post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", Map.of());
        assertThat(run.status()).as("%s\n%s", run.body(), cluster.controllerLog()).isEqualTo(202);
        JsonNode record = ControllerRecords.finished(cluster.ctl, "hello", run.body().get("rid").asText(), RUN);
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
        assertThat(record.get("node").asText()).isEqualTo(NODE3);
    }

    @Test
    @Order(2)
    void aJobSetPutWithoutTheControllersCredentialIsRefusedAndChangesNothing() {
        JsonNode before = cluster.daemon(NODE2).get("/api/v1/cron/jobs").body();
        assertThat(before).isNotEmpty();
        String rootShell = "[{\"id\":\"7f000002" + "0".repeat(32) + "\",\"spec\":\"* * * * *\",\"action\":\"backup\","
                + "\"args\":{\"app\":\"hello\",\"proc\":\"hello.web.web\",\"instanceNo\":\"1\",\"volume\":\"/var/lib/hello\","
                + "\"mode\":\"full\",\"preRun\":\"cat /etc/shadow\"},\"type\":\"cron\"}]";
        Map<String, String> form = Map.of("data", rootShell, "version", "evil");

        Http.Answer anonymous = anonymousDaemon(NODE2).put("/api/v1/cron/jobs", form);
        Http.Answer asNode = new Http("http://" + NODE2 + ":" + cluster.dport, asNode(NODE2, NODE2)).put("/api/v1/cron/jobs", form);

        for (Http.Answer answer : new Http.Answer[]{anonymous, asNode}) {
            assertThat(answer.status()).as("%s", answer.body()).isEqualTo(401);
            assertThat(answer.body().get("error").asText()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(cluster.daemon(NODE2).get("/api/v1/cron/jobs").body()).isEqualTo(before);
        assertThat(anonymousDaemon(NODE2).get("/healthz").status()).as("liveness stays public").isEqualTo(200);
    }

    @Test
    @Order(3)
    void aNotifyRedirectByANonControllerIsRefused() {
        JsonNode before = cluster.daemon(NODE2).get("/api/v1/notify").body();
        Map<String, String> evil = Map.of("addr", "http://127.0.0.9:9/steal");

        assertThat(anonymousDaemon(NODE2).put("/api/v1/notify", evil).status()).isEqualTo(401);
        assertThat(new Http("http://" + NODE2 + ":" + cluster.dport, asNode(NODE2, NODE2)).put("/api/v1/notify", evil).status())
                .isEqualTo(401);
        assertThat(anonymousDaemon(NODE2).post("/api/v1/notify/actions/remove",
                Map.of("addr", before.get("addr").get(0).asText())).status()).isEqualTo(401);

        assertThat(cluster.daemon(NODE2).get("/api/v1/notify").body()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aForgedRecordIsRefusedAndNothingIsStored() {
        // a failed run of NODE2's job turned into a success, sent by someone else
        String forged = Json.write(Map.of("rid", "forged-rid-1", "id", "7f000002" + "0".repeat(32), "spec", "0 1 * * *",
                "action", "backup", "args", Map.of("app", "hello"), "type", "cron", "node", NODE2, "state", "success",
                "start", "2026-02-01T01:00:00Z", "end", "2026-02-01T01:00:05Z"));
        String notify = "/api/v2/system/notify";

        Http.Answer anonymous = cluster.ctl.postJson(notify, forged);
        Http.Answer byOtherNode = new Http("http://127.0.0.1:" + cluster.ctlPort, asNode(NODE3, NODE3)).postJson(notify, forged);
        Http.Answer posingAsIt = new Http("http://127.0.0.1:" + cluster.ctlPort, asNode(NODE3, NODE2)).postJson(notify, forged);

        assertThat(anonymous.status()).as("%s", anonymous.body()).isEqualTo(401);
        assertThat(byOtherNode.status()).as("%s", byOtherNode.body()).isEqualTo(403);
        assertThat(byOtherNode.body().get("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(posingAsIt.status()).as("%s", posingAsIt.body()).isEqualTo(401);
        assertThat(cluster.ctl.get("/api/v2/app/hello/cron/records/forged-rid-1").status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void withoutASecretADaemonOnAllInterfacesRefusesToStart() throws Exception {
        RunningJar daemon = RunningJar.start("backupd.jar", dir.resolve("open-daemon.log"), "daemon",
                "--addr", "0.0.0.0:" + FreePorts.on("127.0.0.1"), "--ip", "127.0.0.9", "--storage", "fs:" + dir.resolve("open-storage"),
                "--volume-root", dir.resolve("open-root").toString(), "--data", dir.resolve("open-data").toString(), "--hooks", "local");
        try {
            Await.until("the daemon to exit", SOON, () -> daemon.isAlive() ? Optional.empty() : Optional.of(true));
            assertThat(daemon.output()).contains("--cluster-secret-file", "--insecure");
            assertThat(dir.resolve("open-data")).as("nothing was started").doesNotExist();
        } finally {
            daemon.close();
        }
    }
}
