package io.backupd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin end-to-end path with nothing faked: the built {@code backupctl.jar standalone} runs as
 * a real process over a folder of lain.yaml files; the test only speaks HTTP to it and reads the
 * archive it wrote with GNU tar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneEndToEndTest {
    private static final String HELLO = """
            appname: hello
            web:
              cmd: ./hello
              volumes:
                - /logs
                - /var/lib/hello:
                    backup_full:
                      schedule: "0 0 1 1 *"
                      expire: "30d"
                      pre_run: "echo pre_run in $(pwd)"
                      post_run: "echo post_run done"
                - /var/lib/zst:
                    backup_full:
                      schedule: "0 0 1 1 *"
                      format: tar.zst
            proc.worker:
              num_instances: 2
              volumes:
                - /data/queue:
                    backup_full:
                      schedule: "*/2 * * * * *"
                      expire: "1h"
            """;
    private static final Map<String, String> SEEDED = new TreeMap<>(Map.of(
            "index.html", "<h1>hello</h1>\n",
            "conf/app.json", "{\"debug\": false}\n",
            "data/a/b/deep.txt", "deep\n",
            "data/naïve-ñ.txt", "not ascii\n",
            "data/" + "x".repeat(120) + ".log", "a long name\n"));

    @TempDir
    static Path dir;
    private RunningJar backupctl;
    private Http http;
    private Path data;
    private Path apps;

    @BeforeAll
    void startStandalone() throws IOException {
        apps = Files.createDirectories(dir.resolve("apps"));
        data = dir.resolve("data");
        Files.writeString(apps.resolve("hello.lain.yaml"), HELLO);
        Path web = data.resolve("volumes/hello/hello.web.web/1/var/lib/hello");
        seed(web);
        Files.createDirectories(web.resolve("cache/empty"));
        seed(data.resolve("volumes/hello/hello.web.web/1/var/lib/zst"));
        for (int instance = 1; instance <= 2; instance++) {
            Path queue = Files.createDirectories(data.resolve("volumes/hello/hello.worker.worker/" + instance + "/data/queue"));
            Files.writeString(queue.resolve("q" + instance), "message " + instance + "\n");
        }
        int port = FreePorts.on("127.0.0.1");
        backupctl = RunningJar.start("backupctl.jar", dir.resolve("backupctl.log"),
                "standalone", "--apps", apps.toString(), "--data", data.toString(), "--addr", "127.0.0.1:" + port,
                // the worker's backup runs every 2 s so the test sees it fire; a real cluster keeps the 1m minimum
                "--min-interval", "1s");
        http = new Http("http://127.0.0.1:" + port);
        // hello's four jobs and the expire job of the one node they are planned on
        Await.until("the controller to answer with hello's four jobs", Duration.ofSeconds(90), () -> {
            assertThat(backupctl.isAlive()).as("backupctl exited:\n%s", backupctl.output()).isTrue();
            Http.Answer jobs = http.get("/api/v2/app/hello/cron/jobs");
            return jobs.status() == 200 && jobs.body().size() == 5 ? Optional.of(jobs) : Optional.empty();
        });
        // every test starts with the daemon in line with the plan (a run alone would also wait for the push)
        Await.until("the daemon to have the planned job set", Duration.ofSeconds(60), () -> {
            JsonNode node = http.get("/api/v2/system/state").body().get("nodes").get(0);
            return node.get("plannedVersion").asText().equals(node.path("pushedVersion").asText(null))
                    ? Optional.of(node) : Optional.empty();
        });
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (backupctl != null) {
            backupctl.close();
        }
    }

    @Test
    void aRunTriggeredOverTheApiArchivesExactlyTheVolume() throws Exception {
        JsonNode webJob = jobOf("hello.web.web", "1", "/var/lib/hello");
        JsonNode record = runAndAwait(webJob);
        assertThat(record.toString()).contains("pre_run in " + data.resolve("volumes/hello/hello.web.web/1/var/lib/hello"));

        JsonNode result = record.get("result");
        Path archive = data.resolve("backups").resolve(result.get("key").asText());
        assertThat(archive).isRegularFile();
        assertThat(archive.getFileName().toString()).matches("hello-hello\\.web\\.web-1-var-lib-hello-\\d+\\.tar\\.gz");
        assertThat(archive.toString()).contains("backups/hello/hello.web.web/1/var-lib-hello/full/");
        assertThat(result.get("size").asLong()).isEqualTo(Files.size(archive));
        assertThat(result.get("sha256").asText()).isEqualTo(sha256(archive));

        Set<String> expected = new TreeSet<>(SEEDED.keySet());
        expected.addAll(List.of("conf", "data", "data/a", "data/a/b", "cache", "cache/empty"));
        assertThat(tarListing(archive)).isEqualTo(expected);

        Path extracted = Files.createDirectories(dir.resolve("extracted"));
        run("tar", "-xzf", archive.toString(), "-C", extracted.toString());
        for (var file : SEEDED.entrySet()) {
            assertThat(extracted.resolve(file.getKey())).hasContent(file.getValue());
        }
        assertThat(extracted.resolve("cache/empty")).isEmptyDirectory();
    }

    @Test
    void aTarZstVolumeIsArchivedAsTheLainYamlSaysListedAndRestoredThroughTheController() throws Exception {
        JsonNode zstJob = jobOf("hello.web.web", "1", "/var/lib/zst");
        assertThat(zstJob.at("/args/format").asText()).isEqualTo("tar.zst");

        JsonNode result = runAndAwait(zstJob).get("result");
        Path archive = data.resolve("backups").resolve(result.get("key").asText());
        String name = archive.getFileName().toString();
        assertThat(name).matches("hello-hello\\.web\\.web-1-var-lib-zst-\\d+\\.tar\\.zst");
        assertThat(result.get("sha256").asText()).isEqualTo(sha256(archive));
        Path extracted = Files.createDirectories(dir.resolve("extracted-zst"));
        run("tar", "--zstd", "-xf", archive.toString(), "-C", extracted.toString());
        for (var file : SEEDED.entrySet()) {
            assertThat(extracted.resolve(file.getKey())).hasContent(file.getValue());
        }
        JsonNode listed = http.get("/api/v2/app/hello/proc/web/backups?volume=/var/lib/zst").body();
        assertThat(listed).singleElement().satisfies(b -> {
            assertThat(b.get("name").asText()).isEqualTo(name);
            assertThat(b.get("format").asText()).isEqualTo("tar.zst");
        });

        Path volume = data.resolve("volumes/hello/hello.web.web/1/var/lib/zst");
        Files.writeString(volume.resolve("index.html"), "changed after the backup\n");
        Files.writeString(volume.resolve("added.txt"), "added after the backup\n");
        Http.Answer recover = http.post("/api/v2/app/hello/proc/web/backups/" + name + "/actions/recover", Map.of());
        assertThat(recover.status()).as("%s", recover.body()).isEqualTo(202);
        awaitRecord(recover.body().get("rid").asText());
        for (var file : SEEDED.entrySet()) {
            assertThat(volume.resolve(file.getKey())).hasContent(file.getValue());
        }
        assertThat(volume.resolve("added.txt")).doesNotExist();
    }

    @Test
    void aScheduledJobFiresOnItsOwnForEveryInstance() {
        for (String instance : List.of("1", "2")) {
            JsonNode record = Await.until("a scheduled success of worker instance " + instance, Duration.ofSeconds(60), () -> {
                Http.Answer records = http.get("/api/v2/app/hello/cron/records?total=100");
                assertThat(records.status()).isEqualTo(200);
                for (JsonNode r : records.body()) {
                    if (r.at("/args/proc").asText().equals("hello.worker.worker") && r.at("/args/instanceNo").asText().equals(instance)
                            && r.get("state").asText().equals("success")) {
                        return Optional.of(r);
                    }
                }
                return Optional.empty();
            });
            Path archive = data.resolve("backups").resolve(record.at("/result/key").asText());
            assertThat(tarListing(archive)).containsExactly("q" + instance);
        }
    }

    @Test
    void badRequestsGetTheJsonErrorShape() {
        assertError(http.get("/api/v2/app/nosuchapp/cron/records"), 404);
        assertError(http.get("/api/v2/app/nosuchapp/cron/jobs"), 404);
        assertError(http.get("/api/v2/app/hello/cron/records/ffffffffffffffffffffffff"), 404);
        assertError(http.get("/api/v2/app/hello/cron/records?total=many"), 400);
        assertError(http.post("/api/v2/app/hello/cron/jobs/" + "7f000001" + "0".repeat(32) + "/actions/run", Map.of()), 404);
        assertError(http.post("/api/v2/app/hello/cron/jobs/" + jobOf("hello.web.web", "1", "/var/lib/hello").get("id").asText() + "/actions/explode", Map.of()), 400);
        // notify takes only the embedded daemon's node credential (standalone's own secret): checked before the body
        assertError(http.postJson("/api/v2/system/notify", "{not json"), 401);
        assertError(http.get("/api/v2/no/such/path"), 404);
    }

    @Test
    void aNewLainYamlIsPickedUpWhileRunningAndARemovedOneDropsItsJobs() throws IOException {
        Path extra = apps.resolve("extra.lain.yaml");
        Files.writeString(extra, """
                appname: extra
                web:
                  volumes:
                    - /srv:
                        backup_full:
                          schedule: "0 3 * * *"
                          expire: "7d"
                """);
        Await.until("extra's job to be planned", Duration.ofSeconds(30), () -> {
            Http.Answer jobs = http.get("/api/v2/app/extra/cron/jobs");
            // its backup job and the node's expire job
            return jobs.status() == 200 && jobs.body().size() == 2 ? Optional.of(jobs) : Optional.empty();
        });
        Files.delete(extra);
        Await.until("extra's jobs to be gone", Duration.ofSeconds(30), () -> {
            Http.Answer jobs = http.get("/api/v2/app/extra/cron/jobs");
            return jobs.status() == 404 || (jobs.status() == 200 && jobs.body().isEmpty()) ? Optional.of(jobs) : Optional.empty();
        });
        assertThat(http.get("/api/v2/app/hello/cron/jobs").body()).hasSize(5);
    }

    private JsonNode jobOf(String proc, String instanceNo, String volume) {
        for (JsonNode job : http.get("/api/v2/app/hello/cron/jobs").body()) {
            JsonNode j = job.has("job") ? job.get("job") : job;
            if (j.at("/args/proc").asText().equals(proc) && j.at("/args/instanceNo").asText().equals(instanceNo)
                    && j.at("/args/volume").asText().equals(volume)) {
                return j;
            }
        }
        throw new AssertionError("no job for " + proc + " instance " + instanceNo + " volume " + volume);
    }

    private static void seed(Path volume) throws IOException {
        for (var file : SEEDED.entrySet()) {
            Path p = volume.resolve(file.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, file.getValue());
        }
    }

    /** Runs {@code job} over the controller's API and waits for its record to finish. */
    private JsonNode runAndAwait(JsonNode job) {
        Http.Answer run = http.post("/api/v2/app/hello/cron/jobs/" + job.get("id").asText() + "/actions/run", Map.of());
        assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
        return awaitRecord(run.body().get("rid").asText());
    }

    private JsonNode awaitRecord(String rid) {
        JsonNode record = ControllerRecords.finished(http, "hello", rid, Duration.ofSeconds(60));
        assertThat(record.get("state").asText()).as("record %s\nlog:\n%s", record, backupctl.output()).isEqualTo("success");
        return record;
    }

    private static void assertError(Http.Answer answer, int status) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body().get("error").asText()).isNotBlank();
        assertThat(answer.body().get("message").asText()).isNotBlank();
    }

    private static Set<String> tarListing(Path archive) {
        Set<String> names = new TreeSet<>();
        for (String line : run("tar", "-tzf", archive.toString()).split("\n")) {
            String name = line.startsWith("./") ? line.substring(2) : line;
            name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return names;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
