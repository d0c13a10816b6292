package io.backupd.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobJsonTest {

    @Test
    void aHandWrittenJobMayLeaveOutSleepAndType() {
        Job job = Json.read("{\"id\":\"x\",\"spec\":\"0 1 * * *\",\"action\":\"backup\",\"args\":{\"b\":\"2\",\"a\":\"1\"}}", Job.class, "job");
        assertThat(job.sleep()).isFalse();
        assertThat(job.type()).isEqualTo(JobType.CRON);
        assertThat(job.args().keySet()).containsExactly("a", "b");
    }

    @Test
    void aRecordKeepsItsShapeOnTheWire() {
        Job job = Job.of("7f000001" + "0".repeat(32), "0 1 * * *", "backup", Map.of("app", "hello"), JobType.CRON);
        JobRecord done = JobRecord.started("r1", job, "127.0.0.1", Instant.parse("2026-11-22T10:00:00Z"))
                .succeeded(Instant.parse("2026-11-22T10:00:05Z"), Map.of("size", 10));
        String json = Json.write(done);
        assertThat(json).contains("\"state\":\"success\"", "\"start\":\"2026-11-22T10:00:00Z\"", "\"type\":\"cron\"", "\"rid\":\"r1\"");
        JobRecord back = Json.read(json, JobRecord.class, "record");
        assertThat(back.app()).isEqualTo("hello");
        assertThat(back.state()).isEqualTo(JobState.SUCCESS);
        assertThat(back.end()).isEqualTo(Instant.parse("2026-11-22T10:00:05Z"));
    }
}
