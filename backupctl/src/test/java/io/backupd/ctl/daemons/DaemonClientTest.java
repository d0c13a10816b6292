package io.backupd.ctl.daemons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.api.DaemonStatus;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobSetAnswer;
import io.backupd.common.api.JobType;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.http.auth.ClusterSecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class DaemonClientTest {
    private static final String NODE = "10.1.2.3";
    private MockWebServer daemon;
    private DaemonClient client;

    @BeforeEach
    void start() throws IOException {
        daemon = new MockWebServer();
        daemon.start(InetAddress.getByName("127.0.0.1"), 0);
        client = new DaemonClient(quick(), node -> daemon.url("/"));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.shutdown();
    }

    @Test
    void withAClusterSecretEveryCallCarriesTheControllersCredential() throws Exception {
        ClusterSecret secret = ClusterSecret.random();
        DaemonClient signed = DaemonClient.forPort(daemon.getPort(), secret);
        daemon.enqueue(new MockResponse().setBody("[]").setHeader("Content-Type", "application/json"));
        signed.jobs("127.0.0.1");
        RecordedRequest request = daemon.takeRequest();
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + secret.controllerToken());

        DaemonClient plain = DaemonClient.forPort(daemon.getPort(), null);
        daemon.enqueue(new MockResponse().setBody("[]").setHeader("Content-Type", "application/json"));
        plain.jobs("127.0.0.1");
        assertThat(daemon.takeRequest().getHeader("Authorization")).isNull();
    }

    @Test
    void aDaemonRefusingTheControllersCredentialIsANodeProblemNotTheCallers() {
        daemon.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":\"UNAUTHENTICATED\",\"message\":\"missing or wrong credential\"}"));
        assertThatThrownBy(() -> client.jobs(NODE)).isInstanceOfSatisfying(BackupException.class, e -> {
            // passed on as is, the controller's own caller would be told that they lack a credential
            assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNREACHABLE);
            assertThat(e.getMessage()).contains(NODE, "--cluster-secret-file");
        });
    }

    public static OkHttpClient quick() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2)).build();
    }

    public static Map<String, String> form(RecordedRequest request) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : request.getBody().readUtf8().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void putJobsSendsTheJobsAndVersionAsForm() throws Exception {
        daemon.enqueue(new MockResponse().setBody("{\"version\":\"v1\",\"changed\":true,\"accepted\":0,\"rejected\":[\"job x: no volume\"]}"));
        Job job = Job.of("0a010203" + "a".repeat(32), "0 1 * * *", "backup", Map.of("app", "hello"), JobType.CRON);

        JobSetAnswer answer = client.putJobs(NODE, "v1", List.of(job));

        assertThat(answer).isEqualTo(new JobSetAnswer("v1", true, 0, List.of("job x: no volume")));
        RecordedRequest request = daemon.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/api/v1/cron/jobs");
        Map<String, String> form = form(request);
        assertThat(form).containsEntry("version", "v1");
        assertThat(Json.read(form.get("data"), new TypeReference<List<Job>>() { }, "data")).containsExactly(job);
    }

    @Test
    void addNotifyAndRun() throws Exception {
        daemon.enqueue(new MockResponse().setBody("{}"));
        daemon.enqueue(new MockResponse().setResponseCode(202).setBody("{\"rid\":\"r-42\"}"));

        client.addNotify(NODE, "http://ctl:9002/api/v2/system/notify");
        String rid = client.run(NODE, "0a010203" + "b".repeat(32));

        RecordedRequest notify = daemon.takeRequest();
        assertThat(notify.getMethod()).isEqualTo("PUT");
        assertThat(notify.getPath()).isEqualTo("/api/v1/notify");
        assertThat(form(notify)).containsEntry("addr", "http://ctl:9002/api/v2/system/notify");
        RecordedRequest run = daemon.takeRequest();
        assertThat(run.getMethod()).isEqualTo("POST");
        assertThat(run.getPath()).isEqualTo("/api/v1/cron/jobs/0a010203" + "b".repeat(32) + "/actions/run");
        assertThat(rid).isEqualTo("r-42");
    }

    @Test
    void errorShapeIsDecodedBackIntoTheSameException() {
        daemon.enqueue(new MockResponse().setResponseCode(409)
                .setBody("{\"error\":\"VOLUME_BUSY\",\"message\":\"volume /data is being restored\"}"));

        assertThatThrownBy(() -> client.run(NODE, "0a010203" + "c".repeat(32)))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BUSY);
                    assertThat(e.getMessage()).isEqualTo("volume /data is being restored");
                });
    }

    @Test
    void otherErrorsFollowTheStatus() {
        daemon.enqueue(new MockResponse().setResponseCode(404).setBody("Not Found"));

        assertThatThrownBy(() -> client.debug(NODE))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains(NODE).contains("404").contains("Not Found");
                });
    }

    @Test
    void aStatusWithoutTheErrorShapeTakesTheCodeOfThatStatus() {
        daemon.enqueue(new MockResponse().setResponseCode(413).setBody("<html>too large</html>"));
        daemon.enqueue(new MockResponse().setResponseCode(405));
        // a gateway's answer: whatever is behind it, the daemon was not reached
        daemon.enqueue(new MockResponse().setResponseCode(503).setBody("Service Unavailable"));

        assertThatThrownBy(() -> client.debug(NODE)).isInstanceOfSatisfying(BackupException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThatThrownBy(() -> client.debug(NODE)).isInstanceOfSatisfying(BackupException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED));
        assertThatThrownBy(() -> client.debug(NODE)).isInstanceOfSatisfying(BackupException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNREACHABLE));
    }

    @Test
    void unreachableNodeIsNodeUnreachableNamingTheNode() throws IOException {
        HttpUrl dead = daemon.url("/");
        daemon.shutdown();
        DaemonClient toDead = new DaemonClient(quick(), node -> dead);

        assertThatThrownBy(() -> toDead.putJobs(NODE, "v1", List.of()))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNREACHABLE);
                    assertThat(e.code().httpStatus()).isEqualTo(502);
                    assertThat(e.getMessage()).contains(NODE);
                    assertThat(e.details()).containsEntry("node", NODE);
                });
    }

    @Test
    void jobsAndDebugAreDecoded() {
        daemon.enqueue(new MockResponse().setBody("[{\"prev\":null,\"next\":\"2026-03-01T01:00:00Z\",\"job\":"
                + "{\"id\":\"x\",\"spec\":\"0 1 * * *\",\"action\":\"backup\",\"args\":{},\"type\":\"cron\",\"sleep\":true}}]"));
        daemon.enqueue(new MockResponse().setBody("{\"version\":\"abc\",\"jobs\":3,\"scheduling\":true,\"nodeIp\":\"10.1.2.3\","
                + "\"backupSlots\":{\"max\":2,\"running\":[],\"waiting\":0},\"aFieldOfANewerDaemon\":1}"));

        assertThat(client.jobs(NODE)).singleElement().satisfies(entry -> {
            assertThat(entry.job().sleep()).isTrue();
            assertThat(entry.next()).isEqualTo(java.time.Instant.parse("2026-03-01T01:00:00Z"));
        });
        DaemonStatus status = client.debug(NODE);
        assertThat(status.engine().version()).isEqualTo("abc");
        assertThat(status.engine().jobs()).isEqualTo(3);
        assertThat(status.engine().scheduling()).isTrue();
        assertThat(status.nodeIp()).isEqualTo("10.1.2.3");
        assertThat(status.backupSlots().max()).isEqualTo(2);
    }

    @Test
    void anAnswerOfAnotherShapeIsAnInternalErrorNamingTheNode() {
        daemon.enqueue(new MockResponse().setBody("{\"jobs\":{\"version\":\"abc\"}}"));
        daemon.enqueue(new MockResponse().setResponseCode(202).setBody("{\"id\":\"x\"}"));

        assertThatThrownBy(() -> client.debug(NODE)).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains(NODE, "debug status");
        });
        assertThatThrownBy(() -> client.run(NODE, "0a010203" + "a".repeat(32))).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains(NODE, "no rid");
        });
    }

    @Test
    void aSuccessWithoutJsonIsAnError() {
        daemon.enqueue(new MockResponse().setBody("<html>proxy</html>"));

        assertThatThrownBy(() -> client.debug(NODE)).isInstanceOfSatisfying(BackupException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }
}
