package io.backupd.e2e;

import static io.backupd.e2e.Cluster.NODE2;
import static io.backupd.e2e.Cluster.NODE3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Await;
import io.backupd.testing.Http;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster speaking HTTPS both ways with certificates made in the test: the controller calls the
 * daemons at https://ip:dport trusting the cluster CA, the daemons report to the controller's https
 * advertise address trusting the same CA. Node {@code 127.0.0.3}'s certificate comes from another
 * CA: the controller must not talk to it. Every daemon asks for a client certificate of the
 * cluster CA, which the controller presents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEndToEndTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final Duration RUN = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    private Cluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        Path seeded = ClusterEndToEndTest.seed(dir);
        tls = ClusterTls.make(seeded, List.of(ClusterTls.CONTROLLER, NODE2, NODE3), Set.of(NODE3));
        cluster = Cluster.startWithTls(seeded, tls);
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ClusterTls tls;

    private String plannedFullBackup(String node) {
        return Await.until("a full backup job planned on " + node, SOON, () -> {
            for (JsonNode job : cluster.ctl.get("/api/v2/server/" + node + "/cron/jobs").body()) {
                if (job.get("action").asText().equals("backup") && job.at("/args/mode").asText().equals("full")) {
                    return Optional.of(job.get("id").asText());
                }
            }
            return Optional.empty();
        });
    }

    @Test
    void aBackupRunsAndItsRecordIsStoredOverHttpsBothWays() {
        Await.until("the job set pushed to " + NODE2 + " over https", SOON, () ->
                cluster.daemon(NODE2).get("/api/v1/cron/jobs").body().isEmpty() ? Optional.empty() : Optional.of(true));
        String id = plannedFullBackup(NODE2);
        Http.Answer run = cluster.ctl.post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", Map.of());
        assertThat(run.status()).as("%s\n%s", run.body(), cluster.controllerLog()).isEqualTo(202);
        JsonNode record = ControllerRecords.finished(cluster.ctl, "hello", run.body().get("rid").asText(), RUN);
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
        assertThat(record.get("node").asText()).isEqualTo(NODE2);
        assertThat(cluster.daemon(NODE2).get("/api/v1/notify").body().get("addr").get(0).asText())
                .as("the daemon reports to the https advertise address").startsWith("https://");
    }

    @Test
    void aCallerWithoutAClientCertificateIsRefusedByTheDaemonsHandshake() {
        assertThat(cluster.daemon(NODE2).get("/healthz").status()).as("with the operator's certificate").isEqualTo(200);
        assertThatThrownBy(() -> tls.withoutClientCertificate(NODE2, cluster.dport).get("/healthz"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aDaemonWithACertificateOfAnotherCaIsUnreachableAndGetsNothing() {
        JsonNode debug = Await.until("the controller to give up on " + NODE3, SOON, () -> {
            JsonNode answer = cluster.ctl.get("/api/v2/server/" + NODE3 + "/debug").body();
            return answer.at("/controller/lastError").isTextual() ? Optional.of(answer) : Optional.empty();
        });
        assertThat(debug.at("/controller/reachable").asBoolean()).as("%s", debug).isFalse();
        assertThat(debug.at("/controller/lastError").asText()).as("%s", debug).contains("--ca-file");
        assertThat(debug.get("daemonError").asText()).as("%s", debug).contains("cannot be reached");

        String id = plannedFullBackup(NODE3);
        Http.Answer run = cluster.ctl.post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", Map.of());
        assertThat(run.status()).as("%s", run.body()).isEqualTo(502);
        assertThat(run.body().get("error").asText()).isEqualTo("NODE_UNREACHABLE");

        assertThat(cluster.daemon(NODE3).get("/api/v1/cron/jobs").body()).as("nothing was pushed to it").isEmpty();
        assertThat(cluster.daemon(NODE3).get("/api/v1/notify").body().get("addr")).as("no notify address either").isEmpty();
    }
}
