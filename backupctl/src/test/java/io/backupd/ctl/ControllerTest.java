package io.backupd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring of {@link Backupctl#start}: a real controller against a daemon played by MockWebServer. */
class ControllerTest {
    @TempDir
    Path dir;
    private final List<String> daemonCalls = new CopyOnWriteArrayList<>();
    private final OkHttpClient http = new OkHttpClient();
    private MockWebServer daemon;
    private Path apps;

    @BeforeEach
    void start() throws IOException {
        apps = Files.createDirectory(dir.resolve("apps"));
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        daemon = new MockWebServer();
        daemon.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                daemonCalls.add(request.getMethod() + " " + request.getPath() + " " + request.getBody().readUtf8());
                return new MockResponse().setBody("{}");
            }
        });
        daemon.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        daemon.shutdown();
    }

    private Controller controller() {
        return Backupctl.start(new ControllerConfig("127.0.0.1", 0, null, dir.resolve("data/backupctl.db"), daemon.getPort(),
                dir.resolve("volumes"), ZoneOffset.UTC, apps, List.of("127.0.0.1"), Duration.ofMillis(100), Duration.ofMinutes(1), null));
    }

    private String get(Controller controller, String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + controller.port() + path).build()).execute()) {
            return r.code() + " " + r.body().string();
        }
    }

    @Test
    void pushesThePlanRegistersNotifyAndKeepsRecordsAcrossRestarts() throws Exception {
        Job job = Job.of("7f000001" + "0".repeat(32), "0 1 * * *", "backup", Map.of("app", "hello"), JobType.CRON);
        try (Controller controller = controller()) {
            String notifyUrl = controller.advertise() + "/api/v2/system/notify";
            assertThat(notifyUrl).isEqualTo("http://127.0.0.1:" + controller.port() + "/api/v2/system/notify");
            Await.until("jobs pushed", Duration.ofSeconds(5), () -> daemonCalls.stream().anyMatch(c -> c.startsWith("PUT /api/v1/cron/jobs ")));
            assertThat(daemonCalls).anySatisfy(c -> assertThat(c).startsWith("PUT /api/v1/notify ")
                    .contains(java.net.URLEncoder.encode(notifyUrl, java.nio.charset.StandardCharsets.UTF_8)));

            String body = Json.write(JobRecord.started("r1", job, "127.0.0.1", Instant.parse("2026-02-01T00:00:00Z")));
            try (Response r = http.newCall(new Request.Builder().url(notifyUrl)
                    .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }

            // a new app appears while running: the source polls, the dispatcher pushes, the API lists it
            Files.writeString(apps.resolve("demo.yaml"), "appname: demo\nweb:\n  volumes:\n    - /data:\n        backup_full:\n          schedule: \"0 3 * * *\"\n");
            Await.until("demo planned", Duration.ofSeconds(5), () -> {
                try {
                    return get(controller, "/api/v2/app/demo/cron/jobs").startsWith("200 [{");
                } catch (IOException e) {
                    return false;
                }
            });
        }
        try (Controller again = controller()) {
            assertThat(get(again, "/api/v2/app/hello/cron/records")).startsWith("200 ").contains("\"rid\":\"r1\"");
        }
    }
}
