package io.backupd.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.http.auth.ClusterAuthenticator;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.io.TempDir;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OkHttpDeliveryTest {
    private MockWebServer server;
    private final OkHttpDelivery delivery = new OkHttpDelivery(null, "127.0.0.1");
    private final JobRecord record = JobRecord.started("rid-1",
                    Job.of("7f000001" + "a".repeat(32), "0 23 * * *", "backup", Map.of("app", "hello"), JobType.CRON),
                    "127.0.0.1", Instant.parse("2026-01-01T00:00:00Z"))
            .succeeded(Instant.parse("2026-01-01T00:00:05Z"), Map.of("size", 42));

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
        delivery.close();
    }

    @Test
    void postsTheRecordAsJson() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        delivery.deliver(server.url("/api/v2/system/notify").toString(), List.of(record));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/api/v2/system/notify");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JobRecord sent = Json.read(request.getBody().readUtf8(), JobRecord.class, "body");
        assertThat(sent.rid()).isEqualTo("rid-1");
        assertThat(sent.state()).isEqualTo(JobState.SUCCESS);
        assertThat(sent.result()).containsEntry("size", 42);
    }

    @Test
    void withoutASecretNoCredentialIsSent() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        delivery.deliver(server.url("/n").toString(), List.of(record));
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeader("Authorization")).isNull();
    }

    @Test
    void withASecretTheNodesCredentialAndNameGoAlong() throws Exception {
        ClusterSecret secret = ClusterSecret.random();
        OkHttpDelivery signed = new OkHttpDelivery(secret, "10.0.0.7");
        try {
            server.enqueue(new MockResponse().setResponseCode(204));
            signed.deliver(server.url("/n").toString(), List.of(record));
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request.getHeader(ClusterAuthenticator.NODE_HEADER)).isEqualTo("10.0.0.7");
            assertThat(secret.isNode(request.getHeader("Authorization").substring("Bearer ".length()), "10.0.0.7")).isTrue();
        } finally {
            signed.close();
        }
    }

    @Test
    void anHttpsAddressIsTrustedOnlyWhenSignedByTheCaFile(@TempDir Path dir) throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate controller = new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName())
                .signedBy(ca).build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(controller).build().sslSocketFactory(), false);
        Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        OkHttpDelivery trusting = new OkHttpDelivery(null, "127.0.0.1", TlsTrust.load("--ca-file", caFile));
        try {
            server.enqueue(new MockResponse().setResponseCode(204));
            String https = server.url("/api/v2/system/notify").toString();
            assertThat(https).startsWith("https://");
            trusting.deliver(https, List.of(record));
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/v2/system/notify");

            assertThatThrownBy(() -> delivery.deliver(https, List.of(record)))
                    .as("the JDK's default trust does not know the test CA").isInstanceOf(SSLHandshakeException.class);
        } finally {
            trusting.close();
        }
    }

    @Test
    void postsSeveralRecordsAsOneJsonArrayInOrder() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        JobRecord second = Json.read(Json.write(record).replace("rid-1", "rid-2"), JobRecord.class, "second");
        delivery.deliver(server.url("/api/v2/system/notify").toString(), List.of(record, second));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        JobRecord[] sent = Json.read(request.getBody().readUtf8(), JobRecord[].class, "body");
        assertThat(sent).extracting(JobRecord::rid).containsExactly("rid-1", "rid-2");
    }

    @Test
    void aNon2xxAnswerIsAnIOExceptionWithTheStatus() {
        server.enqueue(new MockResponse().setResponseCode(503));
        assertThatThrownBy(() -> delivery.deliver(server.url("/n").toString(), List.of(record)))
                .isInstanceOf(IOException.class).hasMessageContaining("503").hasMessageContaining("rid-1");
    }

    @Test
    void anUnreachableOrMalformedAddressIsAnIOException() throws IOException {
        String gone = server.url("/n").toString();
        server.shutdown();
        assertThatThrownBy(() -> delivery.deliver(gone, List.of(record))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> delivery.deliver("not a url", List.of(record))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a url");
    }
}
