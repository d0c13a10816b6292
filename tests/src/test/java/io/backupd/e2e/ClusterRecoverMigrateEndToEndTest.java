package io.backupd.e2e;

import static io.backupd.e2e.Cluster.NODE2;
import static io.backupd.e2e.Cluster.NODE3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Await;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recover and migrate across nodes through the controller, on a real cluster like
 * {@link ClusterEndToEndTest}'s (its own, so restores never disturb that one's scenario): the
 * controller sends the restore to the daemon of the target instance's node, which reads the backup
 * from the shared storage. The bytes in the volumes are compared before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRecoverMigrateEndToEndTest {
    private static final Duration RUN = Duration.ofSeconds(40);
    private static final String DAEMON_ENDPOINT = "the daemon's restore endpoint POST /api/v1/backup/full/recover/file/:file";

    @TempDir
    static Path dir;
    private Cluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.start(ClusterEndToEndTest.seed(dir));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void recoverPutsTheVolumeBackAsItWasBackedUp() throws Exception {
        Path volume = cluster.volume(NODE2, "hello.web.web", 1, "/var/lib/hello");
        Map<String, String> before = contents(volume);
        String name = backUp("hello.web.web", "1", "web");
        Files.delete(volume.resolve("index.html"));
        Files.writeString(volume.resolve("conf/app.json"), "changed\n");
        Files.writeString(volume.resolve("junk.txt"), "junk\n");

        Http.Answer recover = cluster.ctl.post("/api/v2/app/hello/proc/web/backups/" + name + "/actions/recover", Map.of());

        assertThat(recover.status()).as("%s needs %s", recover.body(), DAEMON_ENDPOINT).isEqualTo(202);
        JsonNode record = finished(recover.body().get("rid").asText(), NODE2);
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
        assertThat(contents(volume)).isEqualTo(before);
    }

    @Test
    void migrateRestoresInstanceOnesBackupIntoInstanceTwoOnTheOtherNode() throws Exception {
        Map<String, String> source = contents(cluster.volume(NODE2, "hello.worker.worker", 1, "/data/queue"));
        String name = backUp("hello.worker.worker", "1", "worker");
        Path target = cluster.volume(NODE3, "hello.worker.worker", 2, "/data/queue");

        Http.Answer migrate = cluster.ctl.post("/api/v2/app/hello/proc/worker/backups/" + name + "/actions/migrate",
                Map.of("volume", "/data/queue", "to", "2"));

        assertThat(migrate.status()).as("%s needs %s", migrate.body(), DAEMON_ENDPOINT).isEqualTo(202);
        JsonNode record = finished(migrate.body().get("rid").asText(), NODE3);
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
        assertThat(contents(target)).isEqualTo(source);
    }

    /** Runs the proc's full backup job of instance {@code instanceNo} through the controller; returns the backup's name. */
    private String backUp(String proc, String instanceNo, String shortName) {
        String id = null;
        for (JsonNode job : cluster.ctl.get("/api/v2/app/hello/cron/jobs").body()) {
            if (job.at("/args/proc").asText().equals(proc) && job.at("/args/instanceNo").asText().equals(instanceNo)
                    && job.at("/args/mode").asText().equals("full")) {
                id = job.get("id").asText();
            }
        }
        assertThat(id).as("a full job of %s#%s", proc, instanceNo).isNotNull();
        Http.Answer run = cluster.ctl.post("/api/v2/app/hello/cron/jobs/" + id + "/actions/run", Map.of());
        assertThat(run.status()).isEqualTo(202);
        String rid = run.body().get("rid").asText();
        JsonNode record = ControllerRecords.finished(cluster.ctl, "hello", rid, RUN);
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
        JsonNode backups = cluster.ctl.get("/api/v2/app/hello/proc/" + shortName + "/backups").body();
        for (JsonNode b : backups) {
            if (b.get("instanceNo").asText().equals(instanceNo)) {
                return b.get("name").asText();
            }
        }
        throw new AssertionError("no backup of " + proc + "#" + instanceNo + " listed: " + backups);
    }

    /** A restore's record, from the controller or, while it has not arrived there, from the daemon that ran it. */
    private JsonNode finished(String rid, String node) {
        return Await.until("restore " + rid, RUN, () -> {
            for (Http.Answer answer : new Http.Answer[]{cluster.ctl.get("/api/v2/app/hello/cron/records/" + rid),
                    cluster.daemon(node).get("/api/v1/cron/record/" + rid)}) {
                if (answer.status() == 200 && !answer.body().get("state").asText().equals("running")) {
                    return Optional.of(answer.body());
                }
            }
            return Optional.empty();
        });
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }
}
