package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.common.spec.LainYamlParser;
import io.backupd.ctl.Fixtures;
import io.backupd.ctl.api.HttpApi;
import io.backupd.ctl.cluster.DirectorySource;
import io.backupd.ctl.dispatch.DaemonClient;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.ctl.plan.Planner;
import io.backupd.ctl.records.MapDbRecordStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import org.junit.jupiter.api.io.TempDir;

/** A real controller API on port 0 over hello + other + one bad file, with MockWebServer as the daemon. */
abstract class RoutesTestBase {
    static final String NODE = "127.0.0.1";
    private static final MediaType JSON = MediaType.get("application/json");

    @TempDir
    Path dir;
    final OkHttpClient http = new OkHttpClient();
    final List<RecordedRequest> daemonCalls = new CopyOnWriteArrayList<>();
    volatile MockResponse runAnswer = new MockResponse().setResponseCode(202).setBody("{\"rid\":\"rid-from-daemon\"}");
    private MockWebServer daemon;
    MapDbRecordStore records;
    private DirectorySource source;
    private Dispatcher dispatcher;
    private HttpApi api;

    /** A JSON answer: status and parsed body. */
    record Answer(int status, JsonNode body, String contentType) {
    }

    @BeforeEach
    void start() throws IOException {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        Fixtures.copy("/apps/bad/bad-expire.lain.yaml", apps, "bad-expire.lain.yaml");
        Files.writeString(apps.resolve("other.yaml"), """
                appname: other
                web:
                  volumes:
                    - /data:
                        backup_full:
                          schedule: "0 2 * * *"
                """);
        daemon = new MockWebServer();
        daemon.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                daemonCalls.add(request);
                return request.getPath().endsWith("/actions/run") ? runAnswer : new MockResponse().setBody("{\"ok\":true}");
            }
        });
        daemon.start(InetAddress.getByName("127.0.0.1"), 0);
        records = new MapDbRecordStore(dir.resolve("backupctl.db"));
        source = new DirectorySource(apps, List.of(NODE), new LainYamlParser(), Duration.ofMinutes(1));
        DaemonClient client = new DaemonClient(new OkHttpClient(), node -> daemon.url("/"));
        dispatcher = new Dispatcher(new Planner(), client, () -> "http://ctl/api/v2/system/notify", Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC());
        dispatcher.accept(source.current());
        Clock clock = Clock.fixed(Instant.parse("2026-02-10T00:00:00Z"), ZoneOffset.UTC);
        api = HttpApi.start("127.0.0.1", 0, List.of(
                new SystemRoutes(records, source, dispatcher),
                new CronRoutes(source, dispatcher, client),
                new RecordRoutes(records, source, ZoneOffset.UTC, clock)));
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        dispatcher.close();
        source.close();
        records.close();
        daemon.shutdown();
    }

    Answer call(String method, String path, RequestBody body) throws IOException {
        Request request = new Request.Builder().url("http://127.0.0.1:" + api.port() + path).method(method, body).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            return new Answer(response.code(), text.isEmpty() ? null : Json.mapper().readTree(text), response.header("Content-Type"));
        }
    }

    Answer get(String path) throws IOException {
        return call("GET", path, null);
    }

    Answer post(String path, String json) throws IOException {
        return call("POST", path, RequestBody.create(json, JSON));
    }

    static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body().get("error").asText()).isEqualTo(code);
        assertThat(answer.body().get("message").asText()).isNotBlank();
        assertThat(answer.body().toString()).doesNotContain("at io.").doesNotContain("Exception");
    }

    static JobRecord record(String rid, String app, String start) {
        Job job = Job.of("7f000001" + "0".repeat(32), "0 1 * * *", "backup", Map.of("app", app), JobType.CRON);
        return JobRecord.started(rid, job, NODE, Instant.parse(start));
    }
}
