package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.Backupd;
import io.backupd.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the daemon answers to requests Jetty or Javalin refuse before a route runs: the one error shape, nothing changed. */
class HttpEdgeRoutesTest extends AgainstRealDaemon {
    private static final String FORM = "Content-Type: application/x-www-form-urlencoded\r\n";

    @Test
    void aWrongMethodIs405() throws IOException {
        assertThat(RawHttp.send(port(), "DELETE", "/api/v1/cron/jobs", "", new byte[0]).assertError(405, "METHOD_NOT_ALLOWED"))
                .contains("DELETE");
    }

    @Test
    void badPercentEscapesAre400InJsonForEveryMethod() throws IOException {
        for (String method : new String[] {"GET", "PUT", "POST"}) {
            for (String target : new String[] {"/api/v1/cron/jobs/%zz", "/api/v1/cron/jobs/%00", "/api/v1/backup/info/file/%u0041"}) {
                RawHttp.send(port(), method, target, "Content-Length: 0\r\n", new byte[0]).assertError(400, "INVALID_ARGUMENT");
            }
        }
    }

    @Test
    void anOverlongUriIs414() throws IOException {
        RawHttp.get(port(), "/api/v1/cron/jobs/" + "a".repeat(20_000)).assertError(414, "URI_TOO_LONG");
    }

    @Test
    void aJobSetOverTheBodyLimitIs413AndChangesNothing() throws IOException {
        byte[] body = ("version=v1&data=" + "a".repeat((int) Backupd.MAX_REQUEST_BYTES)).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(port(), "PUT", "/api/v1/cron/jobs", FORM + "Content-Length: " + body.length + "\r\n", body);
        assertThat(answer.assertError(413, "PAYLOAD_TOO_LARGE")).contains(Long.toString(Backupd.MAX_REQUEST_BYTES));
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isZero();
    }

    @Test
    void aJobSetNestedDeeperThanTheJsonBoundIs400AndChangesNothing() throws IOException {
        byte[] body = ("{\"version\": \"v1\", \"data\": " + "[".repeat(200) + "]".repeat(200) + "}").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(port(), "PUT", "/api/v1/cron/jobs",
                "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body);
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).contains("nesting depth");
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isZero();
    }

    private int port() {
        return d.daemon.port();
    }
}
