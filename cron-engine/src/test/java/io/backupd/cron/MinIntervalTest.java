package io.backupd.cron;

import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobSetAnswer;
import io.backupd.common.error.BackupException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No job runs more often than the engine's minimum interval, whatever its schedule says. */
class MinIntervalTest {
    @TempDir
    Path dir;
    Engines engines;

    @AfterEach
    void tearDown() {
        engines.close();
    }

    @Test
    void aJobSetWhoseScheduleFiresMoreOftenThanTheMinimumIsRefused() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        CronEngine engine = engines.start(new RecordingDelivery());

        assertThatThrownBy(() -> engine.replaceJobs("v1", List.of(job("often", "* * * * * *", "ok"))))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("job often: schedule '* * * * * *' fires 1s after a previous fire")
                .hasMessageContaining("at most once every 1m");
        assertThat(engine.count()).isZero();

        JobSetAnswer mixed = engine.replaceJobs("v2", List.of(job("often", "*/30 * * * * *", "ok"), job("fine", "* * * * *", "ok")));
        assertThat(mixed.accepted()).isEqualTo(1);
        assertThat(mixed.rejected()).singleElement().asString().contains("job often", "fires 30s after");
    }

    @Test
    void aPersistedPerSecondJobStillStartsAtMostOncePerMinimumInterval() {
        // an older daemon (or a lower --min-interval) accepted and saved the per-second job
        engines = new Engines(dir, "2026-05-04T10:00:00.500Z");
        engines.minInterval = Duration.ofSeconds(1);
        CronEngine lenient = engines.start(new RecordingDelivery());
        lenient.replaceJobs("v1", List.of(job("often", "* * * * * *", "ok")));
        lenient.close();

        engines.minInterval = Duration.ofMinutes(1);
        CronEngine engine = engines.start(new RecordingDelivery());
        Instant stop = Instant.parse("2026-05-04T10:03:00Z");
        while (engines.clock.instant().isBefore(stop)) {
            engines.clock.advance(Duration.ofSeconds(1));
            engine.tick();
        }
        Engines.awaitIdle(engine);

        List<Instant> starts = engine.records().stream().map(JobRecord::start).sorted().toList();
        assertThat(starts).hasSizeBetween(2, 3);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 1), starts.get(i))).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
    }
}
