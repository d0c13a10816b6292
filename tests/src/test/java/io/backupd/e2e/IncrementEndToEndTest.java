package io.backupd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental backups through the controller, nothing faked: {@code backupctl.jar standalone} runs as
 * a real process over a lain.yaml with a {@code backup_increment} volume; the test only speaks HTTP to
 * it and reads the volume's files. One test method, because each step needs the snapshots before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementEndToEndTest {
    private static final String INC = """
            appname: inc
            web:
              cmd: ./inc
              volumes:
                - /data:
                    backup_increment:
                      schedule: "0 0 1 1 *"
                      expire: "30d"
            """;
    private static final String PROC = "/api/v2/app/inc/proc/web/backups";
    private static final Map<String, String> SEEDED = new TreeMap<>(Map.of(
            "index.html", "<h1>inc</h1>\n",
            "conf/app.json", "{\"debug\": false}\n",
            "data/a/b/deep.txt", "deep\n",
            "data/naïve-ñ.txt", "not ascii\n"));

    @TempDir
    static Path dir;
    private RunningJar backupctl;
    private Http http;
    private String base;
    private Path volume;
    private byte[] big;

    @BeforeAll
    void startStandalone() throws IOException {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Path data = dir.resolve("data");
        Files.writeString(apps.resolve("inc.lain.yaml"), INC);
        volume = data.resolve("volumes/inc/inc.web.web/1/data");
        for (var file : SEEDED.entrySet()) {
            write(file.getKey(), file.getValue());
        }
        // incompressible and never changed: the first snapshot stores it, the second must not
        big = new byte[512 * 1024];
        new Random(7).nextBytes(big);
        Files.write(volume.resolve("data/big.bin"), big);
        int port = FreePorts.on("127.0.0.1");
        backupctl = RunningJar.start("backupctl.jar", dir.resolve("backupctl.log"),
                "standalone", "--apps", apps.toString(), "--data", data.toString(), "--addr", "127.0.0.1:" + port);
        base = "http://127.0.0.1:" + port;
        http = new Http(base);
        Await.until("the controller to answer with inc's backup job", Duration.ofSeconds(90), () -> {
            assertThat(backupctl.isAlive()).as("backupctl exited:\n%s", backupctl.output()).isTrue();
            Http.Answer jobs = http.get("/api/v2/app/inc/cron/jobs");
            return jobs.status() == 200 ? backupJob(jobs.body()) : Optional.empty();
        });
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (backupctl != null) {
            backupctl.close();
        }
    }

    @Test
    void snapshotBrowseRecoverFilesAndDeleteOverTheControllerApi() throws IOException {
        String jobId = job().get("id").asText();
        JsonNode first = success(http.post("/api/v2/app/inc/cron/jobs/" + jobId + "/actions/run", Map.of()));
        assertThat(first.at("/result/mode").asText()).as("%s", first).isEqualTo("increment");
        String name1 = first.at("/result/name").asText();
        assertThat(name1).startsWith("inc-inc.web.web-1-data-snap-");
        long firstAdded = first.at("/result/addedBytes").asLong();
        assertThat(firstAdded).isGreaterThan(big.length);

        write("conf/app.json", "{\"debug\": true, \"edited\": 1}\n");
        Files.delete(volume.resolve("data/a/b/deep.txt"));
        write("added.txt", "added after the first snapshot\n");
        JsonNode second = success(http.post("/api/v2/app/inc/cron/jobs/" + jobId + "/actions/run", Map.of()));
        String name2 = second.at("/result/name").asText();
        assertThat(second.at("/result/parent").asText()).isEqualTo(name1);
        assertThat(second.at("/result/addedBytes").asLong()).as("%s", second).isLessThan(firstAdded / 10);

        JsonNode listed = http.get(PROC).body();
        assertThat(names(listed)).containsExactly(name2, name1);
        assertThat(listed.get(0).get("mode").asText()).isEqualTo("increment");
        assertThat(listed.get(1).get("mode").asText()).isEqualTo("increment");
        assertThat(listed.get(0).get("parent").asText()).isEqualTo(name1);

        Http.Answer opened = http.get(PROC + "/" + name1 + "?open=true");
        assertThat(opened.status()).as("%s", opened.body()).isEqualTo(200);
        assertThat(names(opened.body())).containsAll(SEEDED.keySet()).contains("data/big.bin").doesNotContain("added.txt");

        Http.Answer recover = postForm(PROC + "/" + name1 + "/actions/recover", "files", "data/a/b/deep.txt", "files", "conf/app.json");
        JsonNode restored = success(recover);
        assertThat(restored.get("action").asText()).isEqualTo("backup_recover_files");
        assertThat(volume.resolve("data/a/b/deep.txt")).hasContent(SEEDED.get("data/a/b/deep.txt"));
        assertThat(volume.resolve("conf/app.json")).hasContent(SEEDED.get("conf/app.json"));
        assertThat(volume.resolve("added.txt")).hasContent("added after the first snapshot\n");
        assertThat(Files.readAllBytes(volume.resolve("data/big.bin"))).isEqualTo(big);

        Http.Answer deleted = postForm(PROC + "/actions/delete", "files", name1);
        assertThat(deleted.status()).as("%s", deleted.body()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").toString()).contains(name1);
        assertThat(names(http.get(PROC).body())).containsExactly(name2);

        Http.Answer bad = postForm(PROC + "/" + name2 + "/actions/recover", "files", "../x");
        assertThat(bad.status()).as("%s", bad.body()).isEqualTo(400);
        assertThat(bad.body().get("error").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    private JsonNode job() {
        return backupJob(http.get("/api/v2/app/inc/cron/jobs").body()).orElseThrow();
    }

    /** The volume's {@code backup} job; an increment volume also gets a weekly {@code backup_check} one. */
    private static Optional<JsonNode> backupJob(JsonNode jobs) {
        for (JsonNode entry : jobs) {
            JsonNode job = entry.has("job") ? entry.get("job") : entry;
            if (job.get("action").asText().equals("backup")) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    /** Waits for the run an accepted (202) request started and requires it to succeed. */
    private JsonNode success(Http.Answer accepted) {
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        String rid = accepted.body().get("rid").asText();
        JsonNode record = ControllerRecords.finished(http, "inc", rid, Duration.ofSeconds(60));
        assertThat(record.get("state").asText()).as("record %s\nlog:\n%s", record, backupctl.output()).isEqualTo("success");
        return record;
    }

    private void write(String relative, String content) throws IOException {
        Path p = volume.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** A form with repeated fields. */
    private Http.Answer postForm(String path, String... fields) {
        return http.post(path, fields);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
