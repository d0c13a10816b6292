package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Http;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyDebugErrorRoutesTest extends AgainstRealDaemon {
    @Test
    void notifyAddressesCanBeAddedListedAndRemoved() throws IOException {
        String addr = "http://127.0.0.1:9/api/v2/system/notify";
        Http.Answer added = http.put("/notify", "addr", addr);
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().path("addr")).extracting(JsonNode::asText).containsExactly(addr);
        assertThat(http.put("/notify", "addr", addr).body().path("addr")).as("idempotent").hasSize(1);
        assertThat(http.putJson("/notify", Map.of("addr", "https://ctl.example:9003/n")).status()).isEqualTo(200);
        assertThat(http.get("/notify").body().path("addr")).hasSize(2);

        Http.Answer removed = http.post("/notify/actions/remove", "addr", addr);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(http.get("/notify").body().path("addr")).extracting(JsonNode::asText)
                .containsExactly("https://ctl.example:9003/n");
    }

    @Test
    void moreThanSixteenNotifyAddressesAreRefused() throws IOException {
        for (int n = 0; n < 16; n++) {
            assertThat(http.put("/notify", "addr", "http://127.0.0.1:9/n" + n).status()).isEqualTo(200);
        }
        Http.Answer refused = http.put("/notify", "addr", "http://127.0.0.1:9/n16");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("INVALID_ARGUMENT");
        assertThat(http.get("/notify").body().path("addr")).hasSize(16);
    }

    @Test
    void aNotifyAddressThatIsNotAnHttpUrlIsRefusedAndChangesNothing() throws IOException {
        for (String bad : new String[] {"ftp://x/y", "not a url", "http://", "/relative", "127.0.0.1:9003"}) {
            Http.Answer answer = http.put("/notify", "addr", bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("INVALID_ARGUMENT");
        }
        assertThat(http.put("/notify").status()).as("missing addr").isEqualTo(400);
        assertThat(http.get("/notify").body().path("addr")).isEmpty();
    }

    @Test
    void debugShowsEngineNodeStorageAndMemory() throws IOException {
        JsonNode debug = http.get("/debug").body();
        assertThat(debug.path("startedAt").asText()).isNotEmpty();
        assertThat(debug.has("version")).isTrue();
        assertThat(debug.has("jobsUpdatedAt")).isTrue();
        assertThat(debug.path("scheduling").asBoolean()).isTrue();
        assertThat(debug.path("jobs").asInt()).isZero();
        assertThat(debug.path("workers").asInt()).isEqualTo(2);
        assertThat(debug.path("running").isArray()).isTrue();
        assertThat(debug.has("overlapsSkipped")).isTrue();
        assertThat(debug.has("outboxDepth")).isTrue();
        assertThat(debug.path("nodeIp").asText()).isEqualTo(DaemonFixture.NODE);
        assertThat(debug.path("hooks").asText()).isEqualTo("local");
        assertThat(debug.path("storage").path("location").asText()).startsWith("fs:").endsWith("store");
        assertThat(debug.path("storage").path("freeBytes").asLong()).isPositive();
        assertThat(debug.path("memory").path("heapUsedBytes").asLong()).isPositive();
        assertThat(debug.path("memory").path("heapMaxBytes").asLong()).isPositive();
        assertThat(debug.path("memory").path("rssBytes").asLong()).isPositive();
    }

    /** Operators read /debug by its field names; the typed DaemonStatus keeps every one, in the order it had. */
    @Test
    void debugKeepsEveryFieldItHad() throws IOException {
        JsonNode debug = http.get("/debug").body();
        assertThat(fieldNames(debug)).containsExactly("startedAt", "version", "jobsUpdatedAt", "scheduling", "jobs", "sleeping",
                "workers", "running", "overlapsSkipped", "outboxDepth", "notifyAddresses", "nodeIp", "hooks", "volumeRoot",
                "restoreRecovery", "backupSlots", "volumeLocks", "storage", "memory");
        assertThat(fieldNames(debug.path("volumeLocks"))).containsExactly("held", "waiting");
        assertThat(fieldNames(debug.path("restoreRecovery"))).containsExactly("at", "journalDir", "journals", "allResolved", "actions");
        assertThat(fieldNames(debug.path("backupSlots"))).containsExactly("max", "running", "waiting");
        assertThat(fieldNames(debug.path("storage"))).containsExactly("location", "freeBytes", "catalogsCorrupt", "corruptCatalogs");
        assertThat(fieldNames(debug.path("memory"))).containsExactly("heapUsedBytes", "heapMaxBytes", "rssBytes");
        assertThat(debug.path("restoreRecovery").path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void unknownPathsAndMethodsAnswerWithTheErrorShape() throws IOException {
        Http.Answer unknown = http.get("/no/such/thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/json");
        assertThat(unknown.error()).isEqualTo("NOT_FOUND");
        assertThat(unknown.body().path("message").asText()).contains("/api/v1/no/such/thing");

        Http.Answer outside = new Http(d.daemon.baseUrl()).get("/");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.error()).isEqualTo("NOT_FOUND");

        Http.Answer wrongMethod = http.method("DELETE", "/cron/jobs");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.error()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(wrongMethod.body().path("message").asText()).contains("DELETE");
    }
}
