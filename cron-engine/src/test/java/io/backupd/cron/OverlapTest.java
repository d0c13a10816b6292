package io.backupd.cron;

import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.EngineStatus;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlapTest {
    @TempDir
    Path dir;
    Engines engines;

    @AfterEach
    void tearDown() {
        engines.close();
    }

    private static List<JobRecord> recordsOf(CronEngine engine, String jobId) {
        return engine.records().stream().filter(r -> r.id().equals(jobId)).toList();
    }

    @Test
    void aRunDueWhileThePreviousStillRunsIsSkippedVisibly() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine engine = engines.start(new RecordingDelivery());
        engine.replaceJobs("v1", List.of(job("slow", "* * * * *", "block")));

        engines.clock.set("2026-05-04T10:01:00Z");
        engine.tick();
        engines.gate.awaitEntered(1);
        String firstRid = recordsOf(engine, "slow").get(0).rid();

        engines.clock.set("2026-05-04T10:02:00Z");
        engine.tick();

        List<JobRecord> records = recordsOf(engine, "slow");
        assertThat(records).hasSize(2);
        JobRecord skipped = records.get(0);
        assertThat(skipped.state()).isEqualTo(JobState.FAILED);
        assertThat(skipped.reason()).isEqualTo("skipped: the previous run " + firstRid + " of job slow is still running");
        assertThat(engine.status().overlapsSkipped()).isEqualTo(1);
        assertThat(engines.gate.entered()).isEqualTo(1);

        engines.gate.open();
        assertThat(Engines.awaitFinished(engine, firstRid).state()).isEqualTo(JobState.SUCCESS);
        engines.clock.set("2026-05-04T10:03:00Z");
        engine.tick();
        Engines.awaitIdle(engine);
        assertThat(engines.gate.entered()).isEqualTo(2);
        assertThat(engine.status().overlapsSkipped()).isEqualTo(1);
    }

    @Test
    void aRunStillWaitingForAWorkerAlsoCountsAsRunning() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        engines.workers = 1;
        CronEngine engine = engines.start(new RecordingDelivery());
        engine.replaceJobs("v1", List.of(job("slow", "* * * * *", "block"), job("quick", "* * * * *", "ok")));

        engines.clock.set("2026-05-04T10:01:00Z");
        engine.tick(); // slow takes the only worker, quick waits in the queue
        engines.gate.awaitEntered(1);
        assertThat(engine.status().running()).extracting(EngineStatus.RunningTask::jobId).containsExactly("slow", "quick");

        engines.clock.set("2026-05-04T10:02:00Z");
        engine.tick();

        assertThat(recordsOf(engine, "quick")).extracting(JobRecord::state)
                .containsExactly(JobState.FAILED, JobState.RUNNING);
        assertThat(engine.status().overlapsSkipped()).isEqualTo(2);
        assertThat(engines.okRuns).hasValue(0);

        engines.gate.open();
        Engines.awaitIdle(engine);
        assertThat(engines.okRuns).hasValue(1);
    }
}
