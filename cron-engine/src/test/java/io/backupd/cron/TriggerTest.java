package io.backupd.cron;

import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task learns whether its run came from the schedule (also a catch-up) or from a request. */
class TriggerTest {
    @TempDir
    Path dir;
    Engines engines;

    @AfterEach
    void tearDown() {
        engines.close();
    }

    private static String triggerOf(JobRecord record) {
        return (String) record.result().get("trigger");
    }

    @Test
    void aSlotFiresAScheduledRunWhileRunNowAndOnceAreRequested() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine engine = engines.start(new RecordingDelivery());
        engine.replaceJobs("v1", List.of(job("hourly", "0 * * * *", "trigger")));

        engines.clock.advance(Duration.ofMinutes(60));
        engine.tick();
        Engines.awaitIdle(engine);
        assertThat(engine.records()).singleElement().extracting(TriggerTest::triggerOf).isEqualTo("SCHEDULED");

        assertThat(triggerOf(Engines.awaitFinished(engine, engine.runNow("hourly")))).isEqualTo("REQUESTED");
        String once = engine.runOnce(Job.of("check-1", "", "trigger", Map.of(), JobType.ONCE));
        assertThat(triggerOf(Engines.awaitFinished(engine, once))).isEqualTo("REQUESTED");
    }

    @Test
    void aCatchUpRunAfterDowntimeIsScheduled() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine first = engines.start(new RecordingDelivery());
        first.replaceJobs("v1", List.of(job("often", "*/10 * * * *", "trigger")));
        first.close();

        engines.clock.set("2026-05-04T10:25:00Z"); // 10:10 and 10:20 were missed
        CronEngine second = engines.start(new RecordingDelivery());
        Engines.awaitIdle(second);

        assertThat(second.records()).singleElement().extracting(TriggerTest::triggerOf).isEqualTo("SCHEDULED");
    }
}
