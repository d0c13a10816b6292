package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.json.Json;
import io.backupd.testing.Http.Answer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records from the store: newest first, total/month/year, one by rid. */
class RecordRoutesTest extends RoutesTestBase {

    @Test
    void recordsNewestFirstWithTotalAndMonth() throws IOException {
        post("/api/v2/system/notify", Json.write(List.of(
                record("r1", "hello", "2026-01-15T00:00:00Z"),
                record("r2", "hello", "2026-02-01T00:00:00Z"),
                record("r3", "hello", "2026-02-09T00:00:00Z"),
                record("x1", "other", "2026-02-05T00:00:00Z"))));

        assertThat(rids(get("/api/v2/app/hello/cron/records"))).containsExactly("r3", "r2", "r1");
        assertThat(rids(get("/api/v2/app/hello/cron/records?total=1"))).containsExactly("r3");
        assertThat(rids(get("/api/v2/app/hello/cron/records?total=100&month=&year="))).containsExactly("r3", "r2", "r1");
        assertThat(rids(get("/api/v2/app/hello/cron/records?month=1&year=2026"))).containsExactly("r1");
        assertThat(rids(get("/api/v2/app/hello/cron/records?month=2"))).as("month of the current year").containsExactly("r3", "r2");
        assertThat(rids(get("/api/v2/app/hello/cron/records?year=2025"))).isEmpty();
        assertThat(get("/api/v2/app/hello/cron/records/r2").body().get("rid").asText()).isEqualTo("r2");
    }

    @Test
    void badRecordQueriesAre400() throws IOException {
        for (String query : List.of("total=abc", "total=0", "total=-3", "month=13", "month=x", "year=20x6")) {
            assertError(get("/api/v2/app/hello/cron/records?" + query), 400, "INVALID_ARGUMENT");
        }
    }

    @Test
    void unknownRidOrAnotherAppsRidIs404() throws IOException {
        post("/api/v2/system/notify", Json.write(record("x1", "other", "2026-02-05T00:00:00Z")));

        assertError(get("/api/v2/app/hello/cron/records/nope"), 404, "NOT_FOUND");
        assertError(get("/api/v2/app/hello/cron/records/x1"), 404, "NOT_FOUND");
        assertThat(get("/api/v2/app/other/cron/records/x1").status()).isEqualTo(200);
    }

    @Test
    void anAppThatIsNeitherDeclaredNorHasRecordsIs404ButAGoneAppKeepsItsHistory() throws IOException {
        assertError(get("/api/v2/app/nosuchapp/cron/records"), 404, "NOT_FOUND");
        assertThat(rids(get("/api/v2/app/other/cron/records"))).isEmpty();

        post("/api/v2/system/notify", Json.write(record("g1", "gone", "2026-02-05T00:00:00Z")));
        assertThat(rids(get("/api/v2/app/gone/cron/records"))).containsExactly("g1");
        assertThat(rids(get("/api/v2/app/gone/cron/records?year=2025"))).isEmpty();
    }

    private static List<String> rids(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        answer.body().forEach(r -> out.add(r.get("rid").asText()));
        return out;
    }
}
