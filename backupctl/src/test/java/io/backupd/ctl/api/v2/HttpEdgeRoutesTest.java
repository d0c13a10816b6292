package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.ctl.Backupctl;
import io.backupd.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the controller answers to requests Jetty or Javalin refuse before a route runs: the one error shape, nothing stored. */
class HttpEdgeRoutesTest extends RoutesTestBase {

    @Test
    void aWrongMethodOnAKnownPathIs405Not404() throws IOException {
        assertThat(RawHttp.send(port(), "DELETE", "/api/v2/app/hello/cron/jobs", "", new byte[0]).assertError(405, "METHOD_NOT_ALLOWED"))
                .isEqualTo("method DELETE is not allowed on /api/v2/app/hello/cron/jobs; it takes GET");
        assertThat(RawHttp.send(port(), "GET", "/api/v2/system/notify", "", new byte[0]).assertError(405, "METHOD_NOT_ALLOWED"))
                .contains("GET");
        RawHttp.get(port(), "/api/v2/no/such/thing").assertError(404, "NOT_FOUND");
    }

    @Test
    void badPercentEscapesAre400InJsonForEveryMethod() throws IOException {
        for (String method : new String[] {"GET", "POST", "PUT"}) {
            for (String target : new String[] {"/api/v2/app/%zz/cron/jobs", "/api/v2/app/hello/cron/records/%00",
                    "/api/v2/app/%u0041/cron/jobs"}) {
                RawHttp.send(port(), method, target, "Content-Length: 0\r\n", new byte[0]).assertError(400, "INVALID_ARGUMENT");
            }
        }
    }

    @Test
    void anOverlongUriIs414() throws IOException {
        RawHttp.get(port(), "/api/v2/app/" + "a".repeat(20_000) + "/cron/jobs").assertError(414, "URI_TOO_LONG");
    }

    @Test
    void aNotifyBodyOverTheLimitIs413AndStoresNothing() throws IOException {
        byte[] body = ("[" + " ".repeat((int) Backupctl.MAX_REQUEST_BYTES) + "]").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(port(), "POST", "/api/v2/system/notify",
                "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body);
        assertThat(answer.assertError(413, "PAYLOAD_TOO_LARGE")).contains(Long.toString(Backupctl.MAX_REQUEST_BYTES));
        assertThat(get("/api/v2/system/records").body()).isEmpty();
    }

    @Test
    void aNotifyBodyNestedDeeperThanTheJsonBoundIs400AndStoresNothing() throws IOException {
        byte[] body = ("[" + "{\"x\": ".repeat(200) + "1" + "}".repeat(200) + "]").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(port(), "POST", "/api/v2/system/notify",
                "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body);
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).contains("nesting depth");
        assertThat(get("/api/v2/system/records").body()).isEmpty();
    }
}
