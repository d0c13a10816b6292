package io.backupd.ctl.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Finds the job-set version in a daemon's {@code /api/v1/debug} answer. API.md names the value
 * ("job-set update time and version") but not its field, so the places a daemon may reasonably put
 * it are all accepted; when none holds a string the version is unknown and the dispatcher re-pushes,
 * which a daemon that already has that version treats as a no-op.
 */
final class DebugVersion {
    private static final List<String> POINTERS = List.of(
            "/version", "/jobs/version", "/jobSet/version", "/jobset/version", "/job_set/version", "/jobSetVersion", "/cron/version");

    private DebugVersion() {
    }

    static Optional<String> of(JsonNode debug) {
        for (String pointer : POINTERS) {
            JsonNode node = debug.at(pointer);
            if (node.isTextual() && !node.asText().isBlank()) {
                return Optional.of(node.asText());
            }
        }
        return Optional.empty();
    }
}
