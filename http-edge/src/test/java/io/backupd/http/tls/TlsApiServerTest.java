package io.backupd.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.http.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@link ApiServer} with a {@link TlsIdentity} speaks HTTPS only, to clients that trust its CA. */
class TlsApiServerTest {
    private static final HeldCertificate CA = TestCertificates.ca("backupd test CA");

    @TempDir
    Path dir;

    private ApiServer start(HeldCertificate server) throws IOException {
        TestCertificates files = new TestCertificates(dir);
        TlsIdentity identity = TlsIdentity.load(files.cert("server", server), files.key("server", server));
        return ApiServer.builder("tester").listen("127.0.0.1", 0).maxRequestBytes(4096).tls(identity)
                .routes(routes -> routes.get("/api/hello", ctx -> ctx.json(Map.of("hello", "route"))))
                .start();
    }

    private OkHttpClient trusting(HeldCertificate ca) throws IOException {
        Path caFile = new TestCertificates(dir).cert("trusted-ca", ca);
        return TlsTrust.apply(TlsTrust.load("--ca-file", caFile), new OkHttpClient.Builder())
                .callTimeout(Duration.ofSeconds(10)).build();
    }

    private static Request hello(ApiServer server, String path) {
        return new Request.Builder().url("https://127.0.0.1:" + server.port() + path).build();
    }

    @Test
    void answersOverHttpsAClientThatTrustsItsCa() throws IOException {
        try (ApiServer server = start(TestCertificates.loopbackServer(CA));
             Response response = trusting(CA).newCall(hello(server, "/api/hello")).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("\"hello\":\"route\"");
        }
    }

    @Test
    void aNon2xxAnswerOverHttpsKeepsTheErrorShape() throws IOException {
        try (ApiServer server = start(TestCertificates.loopbackServer(CA));
             Response response = trusting(CA).newCall(hello(server, "/api/nothing")).execute()) {
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.body().string()).contains("\"error\":\"NOT_FOUND\"");
        }
    }

    @Test
    void aClientTrustingAnotherCaFailsTheHandshake() throws IOException {
        OkHttpClient other = trusting(TestCertificates.ca("another CA"));
        try (ApiServer server = start(TestCertificates.loopbackServer(CA))) {
            assertThatThrownBy(() -> other.newCall(hello(server, "/api/hello")).execute().close())
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void anExpiredServerCertificateIsRefusedByTheClient() throws IOException {
        Instant now = Instant.now();
        HeldCertificate expired = TestCertificates.loopbackServer(CA, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        try (ApiServer server = start(expired)) {
            assertThatThrownBy(() -> trusting(CA).newCall(hello(server, "/api/hello")).execute().close())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(CertificateExpiredException.class);
        }
    }

    @Test
    void withAClientCaOnlyAClientWithACertificateItSignedIsAnswered() throws IOException {
        TestCertificates files = new TestCertificates(dir);
        HeldCertificate serverCert = TestCertificates.loopbackServer(CA);
        HeldCertificate clientCa = TestCertificates.ca("client CA");
        TlsIdentity identity = TlsIdentity.load(files.cert("server", serverCert), files.key("server", serverCert));
        TlsTrust trust = TlsTrust.load("--ca-file", files.cert("ca", CA));
        HeldCertificate controller = new HeldCertificate.Builder().commonName("controller").signedBy(clientCa).build();
        HeldCertificate stranger = new HeldCertificate.Builder().commonName("stranger").signedBy(CA).build();
        TlsIdentity controllerIdentity = TlsIdentity.load(files.cert("controller", controller), files.key("controller", controller));
        TlsIdentity strangerIdentity = TlsIdentity.load(files.cert("stranger", stranger), files.key("stranger", stranger));

        try (ApiServer server = ApiServer.builder("tester").listen("127.0.0.1", 0).maxRequestBytes(4096)
                .tls(identity, TlsTrust.load("--tls-client-ca", files.cert("client-ca", clientCa)))
                .routes(routes -> routes.get("/api/hello", ctx -> ctx.json(Map.of("hello", "route")))).start()) {
            OkHttpClient withCert = TlsTrust.apply(trust, controllerIdentity, new OkHttpClient.Builder()).build();
            try (Response response = withCert.newCall(hello(server, "/api/hello")).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            for (TlsIdentity refused : new TlsIdentity[]{null, strangerIdentity}) {
                OkHttpClient client = TlsTrust.apply(trust, refused, new OkHttpClient.Builder())
                        .retryOnConnectionFailure(false).build();
                assertThatThrownBy(() -> client.newCall(hello(server, "/api/hello")).execute().close())
                        .as("a client presenting %s", refused == null ? "no certificate" : "a certificate of another CA")
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aPlainHttpRequestToTheTlsPortReachesNoRoute() throws IOException {
        try (ApiServer server = start(TestCertificates.loopbackServer(CA));
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer;
            try (InputStream in = socket.getInputStream()) {
                answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                answer = "";
            }
            assertThat(answer).doesNotContain("route");
        }
    }
}
