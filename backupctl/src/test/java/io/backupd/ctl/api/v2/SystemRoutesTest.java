package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.JobRecord;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import org.junit.jupiter.api.Test;

/** POST /system/notify and GET /system/state, plus the error shape of unknown paths. */
class SystemRoutesTest extends RoutesTestBase {

    @Test
    void notifyStoresOneRecordOrAnArray() throws IOException {
        JobRecord r1 = record("r1", "hello", "2026-02-01T01:00:00Z");
        JobRecord r2 = record("r2", "hello", "2026-02-02T01:00:00Z");

        Answer one = post("/api/v2/system/notify", Json.write(r1));
        Answer many = post("/api/v2/system/notify", Json.write(List.of(r1, r2, r2.succeeded(Instant.parse("2026-02-02T01:05:00Z"), Map.of()))));

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("stored").asInt()).isEqualTo(1);
        assertThat(many.body().get("stored").asInt()).as("r1 is a duplicate").isEqualTo(2);
        assertThat(records.byRid("r2").get().state().isFinished()).isTrue();
    }

    @Test
    void notifyAcceptsTheJsonInAFormField() throws IOException {
        Answer answer = call("POST", "/api/v2/system/notify",
                new FormBody.Builder().add("data", Json.write(record("r1", "hello", "2026-02-01T01:00:00Z"))).build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(records.byRid("r1")).isPresent();
    }

    @Test
    void malformedNotifyIs400AndStoresNothing() throws IOException {
        String good = Json.write(record("r1", "hello", "2026-02-01T01:00:00Z"));

        assertError(post("/api/v2/system/notify", "{not json"), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", "[" + good + ", {\"rid\": \"r2\", \"state\": \"exploded\", \"start\": \"2026-02-01T01:00:00Z\"}]"),
                400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", "[" + good + ", {\"state\": \"running\"}]"), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", "[" + good + ", 42]"), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", ""), 400, "INVALID_ARGUMENT");

        assertThat(records.byRid("r1")).as("the good record of a bad batch").isEmpty();
        assertThat(records.byRid("r2")).isEmpty();
    }


    @Test
    void stateListsAppsAndTheSkippedFiles() throws IOException {
        Answer state = get("/api/v2/system/state");

        assertThat(state.status()).isEqualTo(200);
        assertThat(state.body().get("apps").findValuesAsText("name")).containsExactly("hello", "other");
        assertThat(state.body().get("problems")).singleElement().satisfies(problem -> {
            assertThat(problem.get("source").asText()).isEqualTo("bad-expire.lain.yaml");
            assertThat(problem.get("message").asText()).contains("expire");
        });
        assertThat(state.body().get("nodes").findValuesAsText("node")).containsExactly(NODE);
    }

    @Test
    void unknownPathsAnswerTheErrorShape() throws IOException {
        assertError(get("/api/v2/nothing/here"), 404, "NOT_FOUND");
        assertError(get("/"), 404, "NOT_FOUND");
        assertError(call("DELETE", "/api/v2/system/state", null), 404, "NOT_FOUND");
    }
}
