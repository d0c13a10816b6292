package io.backupd.cron;

import static io.backupd.cron.Engines.CTL;
import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import io.backupd.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
    @TempDir
    Path dir;
    Engines engines;

    @AfterEach
    void tearDown() {
        engines.close();
    }

    @Test
    void jobSetSleepStatesNotifyAddressesAndRecordsSurviveARestart() throws Exception {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine first = engines.start(new RecordingDelivery());
        first.replaceJobs("v7", List.of(job("a", "0 * * * *", "ok"), job("b", "30 * * * *", "ok")));
        first.sleep("b");
        first.addNotifyAddress(CTL);
        first.addNotifyAddress(CTL);
        first.addNotifyAddress("http://other/notify");
        String rid = first.runNow("a");
        Engines.awaitFinished(first, rid);
        first.close();

        CronEngine second = engines.start(new RecordingDelivery());

        assertThat(second.entries()).extracting(e -> e.job().id()).containsExactly("a", "b");
        assertThat(second.entry("b").job().sleep()).isTrue();
        assertThat(second.entry("a").next()).isEqualTo(Instant.parse("2026-05-04T11:00:00Z"));
        assertThat(second.status().version()).isEqualTo("v7");
        assertThat(second.status().jobsUpdatedAt()).isEqualTo(Instant.parse("2026-05-04T10:00:30Z"));
        assertThat(second.replaceJobs("v7", List.of()).changed()).isFalse();
        assertThat(second.notifyAddresses()).containsExactly(CTL, "http://other/notify");
        assertThat(second.record(rid)).get().extracting(JobRecord::state).isEqualTo(JobState.SUCCESS);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("jobs.json", "notify.json", "records.json", "running.json", "outbox")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void manyMissedSlotsWithinTheWindowGiveExactlyOneCatchUpRunAndNoneAfterASecondRestart() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine first = engines.start(new RecordingDelivery());
        first.replaceJobs("v1", List.of(job("often", "*/10 * * * *", "ok"), job("asleep", "*/10 * * * *", "ok")));
        first.sleep("asleep");
        first.close();

        engines.clock.set("2026-05-04T10:55:00Z"); // 10:10 .. 10:50 were missed
        CronEngine second = engines.start(new RecordingDelivery());
        Engines.awaitIdle(second);

        assertThat(second.records()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("often");
            assertThat(r.state()).isEqualTo(JobState.SUCCESS);
        });
        assertThat(second.entry("often").prev()).isEqualTo(Instant.parse("2026-05-04T10:50:00Z"));
        assertThat(second.entry("often").next()).isEqualTo(Instant.parse("2026-05-04T11:00:00Z"));
        second.close();

        engines.clock.set("2026-05-04T10:57:00Z");
        CronEngine third = engines.start(new RecordingDelivery());
        third.tick();
        Engines.awaitIdle(third);

        assertThat(third.records()).hasSize(1);
        assertThat(engines.okRuns).hasValue(1);
    }

    @Test
    void aSlotOlderThanTheWindowIsNotMadeUp() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine first = engines.start(new RecordingDelivery());
        first.replaceJobs("v1", List.of(job("nightly", "0 3 * * *", "ok")));
        first.close();

        engines.clock.set("2026-05-05T04:00:01Z"); // the 03:00 slot is just over an hour old
        CronEngine second = engines.start(new RecordingDelivery());
        second.tick();

        assertThat(second.records()).isEmpty();
        assertThat(second.entry("nightly").next()).isEqualTo(Instant.parse("2026-05-06T03:00:00Z"));
        assertThat(engines.okRuns).hasValue(0);
    }

    @Test
    void aJobThatNeverFiredIsCaughtUpFromTheTimeItWasAdded() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine first = engines.start(new RecordingDelivery());
        first.replaceJobs("v1", List.of(job("eleven", "0 11 * * *", "ok"), job("noon", "0 12 * * *", "ok")));
        first.close();

        engines.clock.set("2026-05-04T11:20:00Z");
        CronEngine second = engines.start(new RecordingDelivery());
        Engines.awaitIdle(second);

        assertThat(second.records()).extracting(JobRecord::id).containsExactly("eleven");
    }

    @Test
    void whatTheTasksRecoveryLearnedOfAnInterruptedRunIsInItsReason() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine crashed = engines.start(new RecordingDelivery());
        crashed.replaceJobs("v1", List.of(job("slow", "0 3 * * *", "block"), job("other", "0 4 * * *", "block")));
        String rid = crashed.runNow("slow");
        String otherRid = crashed.runNow("other");
        engines.gate.awaitEntered(2);

        CronEngine restarted = engines.create(new RecordingDelivery());
        restarted.start(run -> run.rid().equals(rid) ? java.util.Optional.of("the volume holds the restored content")
                : java.util.Optional.empty());

        assertThat(restarted.record(rid).orElseThrow().reason())
                .isEqualTo("the daemon stopped during this run; the volume holds the restored content");
        assertThat(restarted.record(otherRid).orElseThrow().reason()).isEqualTo("the daemon stopped during this run");
    }

    @Test
    void aRunInProgressWhenTheProcessDiedIsReportedFailedAtTheNextStart() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine crashed = engines.start(new RecordingDelivery());
        crashed.addNotifyAddress(CTL);
        crashed.replaceJobs("v1", List.of(job("slow", "0 3 * * *", "block")));
        String rid = crashed.runNow("slow");
        engines.gate.awaitEntered(1);
        // not closed: as far as the files tell, the run is still in progress

        engines.clock.set("2026-05-04T10:05:00Z");
        RecordingDelivery delivery = new RecordingDelivery();
        CronEngine restarted = engines.start(delivery);

        JobRecord record = restarted.record(rid).orElseThrow();
        assertThat(record.state()).isEqualTo(JobState.FAILED);
        assertThat(record.reason()).isEqualTo("the daemon stopped during this run");
        assertThat(record.end()).isEqualTo(Instant.parse("2026-05-04T10:05:00Z"));
        Await.until("the failed record to be delivered", () -> delivery.arrivedAt(CTL).contains(rid + ":failed"));
        restarted.close();

        // a third start finds nothing left in progress
        CronEngine again = engines.start(new RecordingDelivery());
        assertThat(again.record(rid).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(again.records()).hasSize(1);
    }
}
