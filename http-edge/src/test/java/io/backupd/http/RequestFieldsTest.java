package io.backupd.http;

import io.backupd.testing.RawHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fields of a request as routes read them: form or JSON body, repeated fields, query parameters after the body. */
class RequestFieldsTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.builder("tester").listen("127.0.0.1", 0).maxRequestBytes(1 << 16).routes(routes -> {
            routes.post("/fields", ctx -> {
                RequestFields fields = RequestFields.of(ctx);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("files", fields.all("files"));
                out.put("to", fields.text("to").orElse(null));
                out.put("data", fields.first("data"));
                ctx.json(out);
            });
            routes.post("/required", ctx -> ctx.json(Map.of("dir", RequestFields.of(ctx).required("dir"))));
            routes.post("/instance", ctx -> ctx.json(Map.of("to", Fields.requiredInstanceNo("to", RequestFields.of(ctx).first("to")))));
            routes.get("/query", ctx -> ctx.json(Map.of("total", QueryParams.intParam(ctx, "total", 1, 100).orElse(-1),
                    "open", QueryParams.boolParam(ctx, "open", false))));
        }).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void repeatedFormFieldsAreKeptInOrderAsCurlSendsThem() throws IOException {
        JsonNode body = ok(post("/fields", FORM, "files=b&files=a&to=2"));
        assertThat(body.path("files")).extracting(JsonNode::asText).containsExactly("b", "a");
        assertThat(body.path("to").asText()).isEqualTo("2");
        assertThat(body.path("data").isNull()).isTrue();
    }

    @Test
    void aJsonObjectGivesTheSameFieldsAndHandsOutNestedJsonAsText() throws IOException {
        JsonNode body = ok(post("/fields", JSON, "{\"files\": [\"b\", \"a\"], \"to\": 2, \"data\": [{\"id\": \"x\"}]}"));
        assertThat(body.path("files")).extracting(JsonNode::asText).containsExactly("b", "a");
        assertThat(body.path("to").asText()).isEqualTo("2");
        assertThat(body.path("data").asText()).isEqualTo("[{\"id\":\"x\"}]");

        JsonNode single = ok(post("/fields", JSON, "{\"files\": \"only\"}"));
        assertThat(single.path("files")).extracting(JsonNode::asText).containsExactly("only");
    }

    @Test
    void queryParametersCountWhenTheBodyHasNoSuchField() throws IOException {
        JsonNode body = ok(post("/fields?files=q&to=3", FORM, "files=f"));
        assertThat(body.path("files")).extracting(JsonNode::asText).containsExactly("f");
        assertThat(body.path("to").asText()).isEqualTo("3");
    }

    @Test
    void aFieldGivenTwiceWithDifferentValuesIsRefused() throws IOException {
        RawHttp.Answer answer = post("/fields", FORM, "to=2&to=3");
        assertThat(answer.assertError(400, "INVALID_ARGUMENT")).isEqualTo("field to is given more than once with different values");
        assertThat(ok(post("/fields", FORM, "to=2&to=2")).path("to").asText()).as("the same value twice is that value").isEqualTo("2");
    }

    @Test
    void malformedBodiesAreRefusedNamingWhatIsWrong() throws IOException {
        post("/fields", JSON, "[1, 2]").assertError(400, "INVALID_ARGUMENT");
        post("/fields", JSON, "{\"files\": ").assertError(400, "INVALID_ARGUMENT");
        RawHttp.Answer nested = post("/fields", JSON, "{\"files\": [{\"a\": 1}]}");
        assertThat(nested.assertError(400, "INVALID_ARGUMENT")).startsWith("field files must be a string or a number");
    }

    @Test
    void aMissingOrBlankRequiredFieldIsRefusedNamingIt() throws IOException {
        assertThat(ok(post("/required", FORM, "dir=%2Fvar%2Fbackup")).path("dir").asText()).isEqualTo("/var/backup");
        for (RawHttp.Answer answer : new RawHttp.Answer[] {post("/required", FORM, ""), post("/required", FORM, "dir="),
                post("/required", JSON, "{\"dir\": null}")}) {
            assertThat(answer.assertError(400, "INVALID_ARGUMENT")).isEqualTo("field dir is required");
        }
    }

    @Test
    void aNumberThatIsNotOneIsRefusedNamingTheField() throws IOException {
        assertThat(ok(post("/instance", FORM, "to=2")).path("to").asInt()).isEqualTo(2);
        for (String bad : new String[] {"to=two", "to=0", "to=1.5", "to=99999999999"}) {
            RawHttp.Answer answer = post("/instance", FORM, bad);
            assertThat(answer.assertError(400, "INVALID_ARGUMENT")).as(bad).startsWith("to='").contains("must be a whole number");
        }
        RawHttp.Answer missing = post("/instance", FORM, "");
        assertThat(missing.assertError(400, "INVALID_ARGUMENT")).isEqualTo("field to (an instance number) is required");
    }

    @Test
    void queryParametersAreTypedAndAnEmptyOneIsAbsent() throws IOException {
        JsonNode given = RawHttp.get(server.port(), "/query?total=5&open=true").json();
        assertThat(given.path("total").asInt()).isEqualTo(5);
        assertThat(given.path("open").asBoolean()).isTrue();
        JsonNode empty = RawHttp.get(server.port(), "/query?total=&open=").json();
        assertThat(empty.path("total").asInt()).isEqualTo(-1);
        assertThat(empty.path("open").asBoolean()).isFalse();

        RawHttp.Answer notANumber = RawHttp.get(server.port(), "/query?total=ten");
        assertThat(notANumber.assertError(400, "INVALID_ARGUMENT")).startsWith("total='ten'");
        RawHttp.Answer notABoolean = RawHttp.get(server.port(), "/query?open=yes");
        assertThat(notABoolean.assertError(400, "INVALID_ARGUMENT")).startsWith("query parameter open='yes'");
    }

    private RawHttp.Answer post(String target, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(server.port(), "POST", target, "Content-Type: " + type + "\r\nContent-Length: " + bytes.length + "\r\n", bytes);
    }

    private static JsonNode ok(RawHttp.Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        return answer.json();
    }
}
