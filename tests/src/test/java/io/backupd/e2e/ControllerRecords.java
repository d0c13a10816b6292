package io.backupd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.testing.Await;
import io.backupd.testing.Http;
import java.time.Duration;
import java.util.Optional;

/** Waiting on the controller's records, as a user polling {@code GET …/cron/records/:rid} would. */
final class ControllerRecords {
    private ControllerRecords() {
    }

    /** The record {@code rid} of {@code app} once it is no longer running; fails after {@code timeout}. */
    static JsonNode finished(Http controller, String app, String rid, Duration timeout) {
        return Await.until("record " + rid + " to finish in the controller", timeout, () -> {
            Http.Answer answer = controller.get("/api/v2/app/" + app + "/cron/records/" + rid);
            return answer.status() == 200 && !answer.body().get("state").asText().equals("running")
                    ? Optional.of(answer.body()) : Optional.empty();
        });
    }
}
