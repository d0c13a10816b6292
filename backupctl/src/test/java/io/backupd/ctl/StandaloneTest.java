package io.backupd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import io.backupd.ctl.standalone.StandaloneLayout;
import io.backupd.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode in-process with the real embedded daemon: the pushed job set's version is the one
 * the daemon reports in /debug (what reconcile relies on), and a run's record comes back through notify.
 */
class StandaloneTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final OkHttpClient http = new OkHttpClient();

    private JsonNode call(String method, String url) throws IOException {
        RequestBody body = method.equals("POST") ? RequestBody.create(new byte[0], null) : null;
        try (Response r = http.newCall(new Request.Builder().url(url).method(method, body).build()).execute()) {
            return Json.mapper().readTree(r.body().string());
        }
    }

    @Test
    void runOfAPlannedJobComesBackAsASuccessRecord() throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        Files.writeString(apps.resolve("demo.yaml"), """
                appname: demo
                web:
                  volumes:
                    - /data:
                        backup_full:
                          schedule: "0 3 * * *"
                """);
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);
        Path volume = Files.createDirectories(layout.volumeRoot().resolve("demo/demo.web.web/1/data"));
        Files.writeString(volume.resolve("a.txt"), "hello");

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, new HostPort("127.0.0.1", 0))) {
            String ctl = "http://127.0.0.1:" + running.controller().port() + "/api/v2";
            String daemon = running.daemon().baseUrl() + "/api/v1";
            Await.until("job set pushed", WAIT, () -> {
                try {
                    JsonNode node = call("GET", ctl + "/system/state").get("nodes").get(0);
                    return node.get("plannedVersion").asText().equals(node.get("pushedVersion").asText(null));
                } catch (IOException e) {
                    return false;
                }
            });
            JsonNode node = call("GET", ctl + "/system/state").get("nodes").get(0);
            assertThat(call("GET", daemon + "/debug").get("version").asText()).isEqualTo(node.get("plannedVersion").asText());

            String id = call("GET", ctl + "/app/demo/cron/jobs").get(0).get("id").asText();
            String rid = call("POST", ctl + "/app/demo/cron/jobs/" + id + "/actions/run").get("rid").asText();

            Await.until("the run's success record", WAIT, () -> {
                try {
                    JsonNode record = call("GET", ctl + "/app/demo/cron/records/" + rid);
                    return "success".equals(record.path("state").asText());
                } catch (IOException e) {
                    return false;
                }
            });
            try (Stream<Path> full = Files.list(layout.backups().resolve("demo/demo.web.web/1/data/full"))) {
                // the archive, and the gzip member index a restore inflates it on several cores with
                assertThat(full.map(p -> p.getFileName().toString()).map(n -> n.replaceAll("-\\d+\\.", "-<unix>.")))
                        .containsExactlyInAnyOrder("demo-demo.web.web-1-data-<unix>.tar.gz", "demo-demo.web.web-1-data-<unix>.tar.gz.idx");
            }
        }
    }
}
