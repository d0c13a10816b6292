package io.backupd.cron;

import static io.backupd.cron.Engines.CTL;
import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import io.backupd.common.api.JobType;
import io.backupd.common.api.RunProgress;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.testing.Await;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {
    @TempDir
    Path dir;
    Engines engines;
    RecordingDelivery delivery = new RecordingDelivery();
    CronEngine engine;

    @BeforeEach
    void setUp() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        engine = engines.start(delivery);
        engine.addNotifyAddress(CTL);
        engine.replaceJobs("v1", List.of(job("ok", "0 3 * * *", "ok"), job("fail", "0 3 * * *", "fail"),
                job("boom", "0 3 * * *", "boom"), job("block", "0 3 * * *", "block")));
    }

    @AfterEach
    void tearDown() {
        engines.close();
    }

    @Test
    void runNowReportsRunningThenSuccessWithTheTaskResult() {
        String rid = engine.runNow("ok");

        JobRecord done = Engines.awaitFinished(engine, rid);
        assertThat(done.state()).isEqualTo(JobState.SUCCESS);
        assertThat(done.result()).isEqualTo(Map.of("n", 1));
        assertThat(done.node()).isEqualTo(Engines.NODE);
        assertThat(done.id()).isEqualTo("ok");
        assertThat(done.args()).containsEntry("app", "hello");
        assertThat(done.start()).isEqualTo(Instant.parse("2026-05-04T10:00:30Z"));
        assertThat(done.end()).isNotNull();
        Await.until("both records delivered", () -> delivery.arrivedAt(CTL).size() == 2);
        assertThat(delivery.arrivedAt(CTL)).containsExactly(rid + ":running", rid + ":success");
    }

    @Test
    void runOnceRunsAnAdHocJobAsTypeOnceOutsideTheJobSet() {
        Job restore = Job.of("restore-1", "", "ok", Map.of("app", "hello", "file", "x.tar.gz"), JobType.CRON);

        String rid = engine.runOnce(restore);

        JobRecord done = Engines.awaitFinished(engine, rid);
        assertThat(done.state()).isEqualTo(JobState.SUCCESS);
        assertThat(done.type()).isEqualTo(JobType.ONCE);
        assertThat(done.args()).containsEntry("file", "x.tar.gz");
        assertThat(engine.count()).isEqualTo(4);
        Await.until("both records delivered", () -> delivery.arrivedAt(CTL).size() == 2);
        assertThat(delivery.arrivedAt(CTL)).containsExactly(rid + ":running", rid + ":success");
    }

    @Test
    void runOnceRefusesAnUnregisteredActionOrAMissingId() {
        assertThatThrownBy(() -> engine.runOnce(Job.of("x", "", "teleport", Map.of(), JobType.ONCE)))
                .hasMessageContaining("teleport")
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> engine.runOnce(Job.of(null, "", "ok", Map.of(), JobType.ONCE)))
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(engine.records()).isEmpty();
    }

    @Test
    void aTaskFailureGivesReasonAndResult() {
        JobRecord done = Engines.awaitFinished(engine, engine.runNow("fail"));

        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("pre_run hook exited with 3");
        assertThat(done.result()).isEqualTo(Map.of("output", "no space left"));
    }

    @Test
    void anUnexpectedExceptionGivesItsMessageAsReason() {
        JobRecord done = Engines.awaitFinished(engine, engine.runNow("boom"));

        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("disk on fire");
        assertThat(done.result()).isEmpty();
    }

    @Test
    void recordIdsAreUniqueAndRecordsAreListedNewestFirst() {
        String first = engine.runNow("ok");
        Engines.awaitFinished(engine, first);
        String second = engine.runNow("ok");
        Engines.awaitFinished(engine, second);
        String third = engine.runNow("fail");
        Engines.awaitFinished(engine, third);

        assertThat(List.of(first, second, third)).doesNotHaveDuplicates().isSorted();
        assertThat(engine.records()).extracting(JobRecord::rid).containsExactly(third, second, first);
        assertThat(engine.record("nope")).isEmpty();
    }

    @Test
    void onlyTheLastKeptRecordsAreKept() {
        engines.close();
        engines = new Engines(dir.resolve("small"), "2026-05-04T10:00:30Z");
        engines.keptRecords = 3;
        engine = engines.start(delivery);
        engine.replaceJobs("v1", List.of(job("ok", "0 3 * * *", "ok")));

        String last = null;
        for (int i = 0; i < 5; i++) {
            last = engine.runNow("ok");
            Engines.awaitFinished(engine, last);
        }

        assertThat(engine.records()).hasSize(3).first().extracting(JobRecord::rid).isEqualTo(last);
    }

    @Test
    void runNowOnARunningJobIsAConflictAndStatusShowsItsProgress() {
        String rid = engine.runNow("block");
        engines.gate.awaitEntered(1);

        assertThatThrownBy(() -> engine.runNow("block")).hasMessageContaining(rid)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThatThrownBy(() -> engine.runOnce(engine.entry("block").job()))
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(engine.record(rid).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(engine.status().running()).singleElement().satisfies(task -> {
            assertThat(task.rid()).isEqualTo(rid);
            assertThat(task.jobId()).isEqualTo("block");
            assertThat(task.action()).isEqualTo("block");
            assertThat(task.progress()).isEqualTo(new RunProgress(40, 0, 100, 1));
        });

        engines.gate.open();
        assertThat(Engines.awaitFinished(engine, rid).result()).isEqualTo(Map.of("gate", "passed"));
        assertThat(engine.status().running()).isEmpty();
        assertThat(Engines.awaitFinished(engine, engine.runNow("block")).state()).isEqualTo(JobState.SUCCESS);
    }

    @Test
    void closingCancelsRunningTasks() {
        String rid = engine.runNow("block");
        engines.gate.awaitEntered(1);

        engine.close();

        assertThat(engines.gate.sawCancel()).isTrue();
        JobRecord done = engine.record(rid).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("cancelled");
        assertThatThrownBy(() -> engine.runNow("ok"))
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void runsNeedAStartedEngine() {
        CronEngine notStarted = engines.create(new RecordingDelivery());

        assertThat(notStarted.count()).isEqualTo(4);
        assertThatThrownBy(() -> notStarted.runNow("ok"))
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }
}
