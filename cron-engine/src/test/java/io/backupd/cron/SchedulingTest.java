package io.backupd.cron;

import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import io.backupd.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulingTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    Engines engines;

    @AfterEach
    void tearDown() {
        engines.close();
    }

    private CronEngine engineAt(String now, ZoneId zone) {
        engines = new Engines(dir, now);
        engines.zone = zone;
        return engines.start(new RecordingDelivery());
    }

    /** Steps the clock in one-minute steps up to {@code end}, ticking after each step. */
    private void stepUntil(CronEngine engine, String end) {
        Instant stop = Instant.parse(end);
        while (engines.clock.instant().isBefore(stop)) {
            engines.clock.advance(Duration.ofMinutes(1));
            engine.tick();
        }
    }

    private static List<Instant> runStarts(CronEngine engine) {
        return engine.records().stream().map(JobRecord::start).distinct().sorted().toList();
    }

    @Test
    void dailyJobInTheSpringForwardGapFiresOnceAtTheEndOfTheGap() {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day
        CronEngine engine = engineAt("2026-03-28T22:00:00Z", BERLIN); // 23:00 CET, the day before
        engine.replaceJobs("v1", List.of(job("nightly", "30 2 * * *", "ok")));

        stepUntil(engine, "2026-03-29T22:00:00Z"); // 00:00 CEST on the 30th
        Engines.awaitIdle(engine);

        assertThat(runStarts(engine)).containsExactly(Instant.parse("2026-03-29T01:00:00Z")); // 03:00 CEST
        assertThat(engines.okRuns).hasValue(1);
    }

    @Test
    void dailyJobInTheFallBackOverlapFiresOnceAtTheFirstOccurrence() {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice
        CronEngine engine = engineAt("2026-10-24T22:00:00Z", BERLIN); // 00:00 CEST on the 25th
        engine.replaceJobs("v1", List.of(job("nightly", "30 2 * * *", "ok")));

        stepUntil(engine, "2026-10-25T23:00:00Z"); // 00:00 CET on the 26th
        Engines.awaitIdle(engine);

        assertThat(runStarts(engine)).containsExactly(Instant.parse("2026-10-25T00:30:00Z")); // 02:30 CEST
        assertThat(engines.okRuns).hasValue(1);
    }

    @Test
    void aSleepingJobDoesNotFireButRunNowStillRunsIt() {
        CronEngine engine = engineAt("2026-05-04T10:00:30Z", ZoneId.of("UTC"));
        engine.replaceJobs("v1", List.of(job("a", "* * * * *", "ok"), job("b", "* * * * *", "ok")));
        engine.sleep("a");
        assertThat(engine.entry("a").next()).isNull();

        engines.clock.set("2026-05-04T10:01:00Z");
        engine.tick();
        Engines.awaitIdle(engine);
        assertThat(engine.records()).extracting(JobRecord::id).containsOnly("b");

        String rid = engine.runNow("a");
        assertThat(Engines.awaitFinished(engine, rid).state()).isEqualTo(JobState.SUCCESS);

        engines.clock.set("2026-05-04T10:03:30Z");
        engine.wakeup("a");
        // slots slept through (10:02, 10:03) are not made up; it fires from the next one
        assertThat(engine.entry("a").next()).isEqualTo(Instant.parse("2026-05-04T10:04:00Z"));
        engine.tick();
        Engines.awaitIdle(engine);
        assertThat(engine.records().stream().filter(r -> r.id().equals("a")).count()).isEqualTo(1);
    }

    @Test
    void whileStoppedNothingFiresButRunNowWorksAndResumingDoesNotMakeUpSlots() {
        CronEngine engine = engineAt("2026-05-04T10:00:30Z", ZoneId.of("UTC"));
        engine.replaceJobs("v1", List.of(job("a", "* * * * *", "ok")));

        engine.stopScheduling();
        engine.stopScheduling(); // idempotent
        assertThat(engine.status().scheduling()).isFalse();
        assertThat(engine.entry("a").next()).isNull();

        engines.clock.set("2026-05-04T10:05:10Z");
        engine.tick();
        assertThat(engine.records()).isEmpty();

        String rid = engine.runNow("a");
        assertThat(Engines.awaitFinished(engine, rid).state()).isEqualTo(JobState.SUCCESS);

        engine.startScheduling();
        engine.startScheduling(); // idempotent
        assertThat(engine.status().scheduling()).isTrue();
        engine.tick();
        assertThat(engine.records()).hasSize(1); // only the manual run; 10:01..10:05 were passed while stopped
        assertThat(engine.entry("a").next()).isEqualTo(Instant.parse("2026-05-04T10:06:00Z"));

        engines.clock.set("2026-05-04T10:06:00Z");
        engine.tick();
        Engines.awaitIdle(engine);
        assertThat(engine.records()).hasSize(2);
        assertThat(engines.okRuns).hasValue(2);
    }

    @Test
    void aClockJumpFiresAJobOnceNotOncePerPassedSlot() {
        CronEngine engine = engineAt("2026-05-04T10:00:30Z", ZoneId.of("UTC"));
        engine.replaceJobs("v1", List.of(job("a", "* * * * *", "ok")));

        engines.clock.set("2026-05-04T11:00:30Z"); // sixty slots passed at once
        engine.tick();
        engine.tick();
        Engines.awaitIdle(engine);

        assertThat(engines.okRuns).hasValue(1);
        assertThat(engine.entry("a").next()).isEqualTo(Instant.parse("2026-05-04T11:01:00Z"));
    }

    @Test
    void theSchedulerThreadFiresWithoutTicksFromTheTest() {
        CronEngine engine = engineAt("2026-05-04T10:00:30Z", ZoneId.of("UTC"));
        engine.replaceJobs("v1", List.of(job("a", "* * * * *", "ok")));

        engines.clock.set("2026-05-04T10:01:00Z");

        Await.until("the scheduler thread to fire job a", () -> engines.okRuns.get() == 1);
        assertThat(engine.entry("a").prev()).isEqualTo(Instant.parse("2026-05-04T10:01:00Z"));
    }
}
