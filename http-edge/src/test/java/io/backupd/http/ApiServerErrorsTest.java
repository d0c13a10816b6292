package io.backupd.http;

import io.backupd.testing.RawHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.error.BackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of non-2xx answer, from a handler, from Javalin and from Jetty, in the one error shape. */
class ApiServerErrorsTest {
    private static final int LIMIT = 4096;

    private ApiServer server;
    private int port;

    @BeforeEach
    void start() {
        server = ApiServer.builder("tester").listen("127.0.0.1", 0).maxRequestBytes(LIMIT).routes(routes -> {
            routes.get("/api/things/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
            routes.put("/api/things", ctx -> ctx.json(Map.of("name", RequestFields.of(ctx).required("name"))));
            routes.post("/api/json", ctx -> ctx.json(ctx.bodyAsClass(Map.class)));
            routes.get("/api/validated", ctx -> ctx.json(ctx.queryParamAsClass("n", Integer.class).get()));
            routes.get("/api/missing", ctx -> {
                throw BackupException.notFound("no thing named 'x'");
            });
            routes.get("/api/boom", ctx -> {
                throw new IllegalStateException("secret detail of the failure");
            });
        }).start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRequestThatWorksIsNotTouched() throws IOException {
        RawHttp.Answer ok = RawHttp.get(port, "/api/things/a%20b");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("id").asText()).isEqualTo("a b");
    }

    @Test
    void anUnknownPathIs404() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/api/nothing/here");
        assertThat(answer.assertError(404, "NOT_FOUND")).isEqualTo("no such endpoint: GET /api/nothing/here");
    }

    @Test
    void aHandlersOwn404KeepsItsMessage() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/api/missing");
        assertThat(answer.assertError(404, "NOT_FOUND")).isEqualTo("no thing named 'x'");
    }

    @Test
    void aWrongMethodOnAKnownPathIs405() throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, "DELETE", "/api/things", "", new byte[0]);
        assertThat(answer.assertError(405, "METHOD_NOT_ALLOWED")).isEqualTo("method DELETE is not allowed on /api/things; it takes PUT");
        assertThat(answer.headers()).containsEntry("allow", "PUT");
    }

    @Test
    void badPercentEscapesAre400ForEveryMethod() throws IOException {
        for (String method : new String[] {"GET", "PUT", "POST", "DELETE"}) {
            for (String target : new String[] {"/api/things/%zz", "/api/things/%00", "/api/things/%0", "/api/%zz/things"}) {
                RawHttp.Answer answer = RawHttp.send(port, method, target, "Content-Length: 0\r\n", new byte[0]);
                assertThat(answer.assertError(400, "INVALID_ARGUMENT")).as(method + " " + target).contains("percent escapes");
            }
        }
    }

    @Test
    void aPercentEscapeJettyLetsThroughIs400NotAFailure() throws IOException {
        // Jetty passes %u0041 on; Javalin's decoding of the path parameter then throws
        RawHttp.Answer answer = RawHttp.get(port, "/api/things/%u0041");
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).contains("%u0");
    }

    @Test
    void anOverlongUriIs414() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/api/things/" + "a".repeat(20_000));
        answer.assertError(414, "URI_TOO_LONG");
    }

    @Test
    void moreDistinctQueryParametersThanTheBoundIs400AndNoRouteRuns() throws IOException {
        StringBuilder query = new StringBuilder("n=1");
        for (int i = 0; i < QueryLimits.MAX_DISTINCT_NAMES; i++) {
            query.append("&p").append(i).append('=');
        }
        RawHttp.Answer answer = RawHttp.get(port, "/api/validated?" + query);
        assertThat(answer.assertError(400, "INVALID_ARGUMENT"))
                .contains(Integer.toString(QueryLimits.MAX_DISTINCT_NAMES + 1)).contains("query parameters");
    }

    @Test
    void queryParametersUpToTheBoundAreServed() throws IOException {
        StringBuilder query = new StringBuilder("n=7");
        for (int i = 1; i < QueryLimits.MAX_DISTINCT_NAMES; i++) {
            query.append("&p").append(i).append('=');
        }
        query.append("&n=7");
        RawHttp.Answer answer = RawHttp.get(port, "/api/validated?" + query);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().asInt()).isEqualTo(7);
    }

    @Test
    void anOverlongHeaderBlockIs431() throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/api/things/a", "X-Big: " + "a".repeat(20_000) + "\r\n", new byte[0]);
        answer.assertError(431, "HEADERS_TOO_LARGE");
    }

    @Test
    void aBodyOverTheLimitIs413AndNotRead() throws IOException {
        byte[] over = ("name=" + "a".repeat(LIMIT)).getBytes(StandardCharsets.US_ASCII);
        String form = "Content-Type: application/x-www-form-urlencoded\r\n";

        RawHttp.Answer declared = RawHttp.send(port, "PUT", "/api/things", form + "Content-Length: " + over.length + "\r\n", over);
        assertThat(declared.assertError(413, "PAYLOAD_TOO_LARGE")).contains(Integer.toString(LIMIT));

        // no length announced: the limit still holds while the body is read
        String chunked = Integer.toHexString(over.length) + "\r\n" + new String(over, StandardCharsets.US_ASCII) + "\r\n0\r\n\r\n";
        RawHttp.Answer streamed = RawHttp.send(port, "PUT", "/api/things", form + "Transfer-Encoding: chunked\r\n",
                chunked.getBytes(StandardCharsets.US_ASCII));
        streamed.assertError(413, "PAYLOAD_TOO_LARGE");

        byte[] under = "name=fits".getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer fits = RawHttp.send(port, "PUT", "/api/things", form + "Content-Length: " + under.length + "\r\n", under);
        assertThat(fits.status()).isEqualTo(200);
        assertThat(fits.json().path("name").asText()).isEqualTo("fits");
    }

    @Test
    void badJsonIs400() throws IOException {
        byte[] body = "{\"name\": ".getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/json",
                "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body);
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).startsWith("the request body is not valid JSON");
    }

    @Test
    void failedValidationIs400NamingTheParameter() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/api/validated?n=abc");
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).startsWith("invalid input: n: ");
    }

    @Test
    void aMissingRequiredFieldIs400NamingIt() throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, "PUT", "/api/things", "Content-Length: 0\r\n", new byte[0]);
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).isEqualTo("field name is required");
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsDetails() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/api/boom");
        assertThat(answer.assertError(500, "INTERNAL")).isEqualTo("internal error; the tester's log has the details");
        assertThat(answer.body()).doesNotContain("secret detail").doesNotContain("Exception").doesNotContain("at io.");
    }
}
