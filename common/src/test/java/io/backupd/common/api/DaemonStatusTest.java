package io.backupd.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DaemonStatusTest {
    private static final Instant T = Instant.parse("2026-05-04T10:00:30Z");

    private static DaemonStatus status() {
        EngineStatus engine = new EngineStatus(T, "v7", T, true, 3, 1, 2,
                List.of(new EngineStatus.RunningTask("r1", "j1", "backup", T, new RunProgress(10, 1, 100, -1))), 0, 4,
                List.of("http://ctl/notify"));
        return new DaemonStatus(engine, "10.0.0.1", "docker", "/data/lain/volumes",
                new DaemonStatus.RestoreRecovery(T, "/data/lain/volumes/.backupd-restore", 1, true,
                        List.of(new DaemonStatus.RecoveryAction("r0", "/v", "SWAPPED", "NEW_CONTENT", null))),
                new DaemonStatus.BackupSlots(2, List.of("r1"), 0),
                new DaemonStatus.VolumeLocks(new TreeMap<>(Map.of("/data/lain/volumes/a/a.web.web/1/data", "r1")), 1),
                new DaemonStatus.StorageStatus("fs:/mnt/backup", null, 0, List.of()),
                new DaemonStatus.Memory(1, 2, null));
    }

    @Test
    void theEngineFieldsAreTopLevelAndTheStatusReadsBackWhole() {
        String json = Json.write(status());
        JsonNode tree = Json.read(json, JsonNode.class, "status");

        assertThat(tree.path("version").asText()).isEqualTo("v7");
        assertThat(tree.has("engine")).isFalse();
        assertThat(tree.path("running").get(0).path("progress").path("bytesTotal").asLong()).isEqualTo(100);
        assertThat(tree.path("volumeLocks").path("waiting").asInt()).isEqualTo(1);
        assertThat(tree.path("storage").path("freeBytes").isNull()).as("an unknown value is shown as null").isTrue();
        assertThat(Json.read(json, DaemonStatus.class, "status")).isEqualTo(status());
    }
}
