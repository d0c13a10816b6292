package io.backupd.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobIdsTest {

    @Test
    void idStartsWithTheNodeAndDoesNotDependOnArgOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("app", "hello");
        a.put("volume", "/data");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("volume", "/data");
        b.put("app", "hello");
        String id = JobIds.of("127.0.0.2", "0 1 * * *", "backup", a);
        assertThat(id).startsWith("7f000002").hasSize(40).isEqualTo(JobIds.of("127.0.0.2", "0 1 * * *", "backup", b));
        assertThat(JobIds.nodeIp(id)).isEqualTo("127.0.0.2");
        assertThat(JobIds.of("127.0.0.3", "0 1 * * *", "backup", a)).startsWith("7f000003").isNotEqualTo(id);
        assertThat(JobIds.of("127.0.0.2", "0 2 * * *", "backup", a)).isNotEqualTo(id);
        assertThat(JobIds.nodeIp(JobIds.of("255.1.10.200", "x", "y", Map.of()))).isEqualTo("255.1.10.200");
    }

    @Test
    void refusesWhatIsNotAnIdOrAnIp() {
        assertThatThrownBy(() -> JobIds.nodeIp("../etc")).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> JobIds.nodeIp("7F000002" + "0".repeat(32))).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> JobIds.of("256.0.0.1", "x", "y", Map.of())).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> JobIds.of("node1", "x", "y", Map.of())).isInstanceOf(BackupException.class);
    }

    @Test
    void recordIdsAreUniqueAndSortByTimeEvenIfTheClockStepsBack() {
        Instant[] now = {Instant.parse("2026-11-22T10:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        RecordIdGenerator ids = new RecordIdGenerator(clock);
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            issued.add(ids.next());
        }
        now[0] = now[0].minusSeconds(5);
        issued.add(ids.next());
        now[0] = now[0].plusSeconds(60);
        issued.add(ids.next());
        assertThat(new HashSet<>(issued)).hasSize(issued.size());
        assertThat(issued).isSorted();
    }
}
