package io.backupd.cron;

import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobSetAnswer;
import io.backupd.common.api.JobType;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSetTest {
    @TempDir
    Path dir;
    Engines engines;
    CronEngine engine;

    @BeforeEach
    void setUp() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
        engine = engines.start(new RecordingDelivery());
    }

    @AfterEach
    void tearDown() {
        engines.close();
    }

    @Test
    void sameVersionChangesNothing() {
        JobSetAnswer first = engine.replaceJobs("v1", List.of(job("a", "0 * * * *", "ok")));
        JobSetAnswer again = engine.replaceJobs("v1", List.of(job("b", "0 * * * *", "ok"), job("c", "0 * * * *", "ok")));

        assertThat(first).isEqualTo(new JobSetAnswer("v1", true, 1, List.of()));
        assertThat(again.changed()).isFalse();
        assertThat(again.accepted()).isEqualTo(1);
        assertThat(engine.entries()).extracting(e -> e.job().id()).containsExactly("a");
        assertThat(engine.status().version()).isEqualTo("v1");
        assertThat(engine.status().jobsUpdatedAt()).isEqualTo(Instant.parse("2026-05-04T10:00:30Z"));
    }

    @Test
    void newVersionReplacesTheSetInItsOrder() {
        engine.replaceJobs("v1", List.of(job("a", "0 * * * *", "ok"), job("b", "0 * * * *", "ok")));
        JobSetAnswer update = engine.replaceJobs("v2", List.of(job("c", "0 * * * *", "ok"), job("b", "0 * * * *", "ok")));

        assertThat(update.changed()).isTrue();
        assertThat(engine.entries()).extracting(e -> e.job().id()).containsExactly("c", "b");
        assertThat(engine.count()).isEqualTo(2);
        assertThatThrownBy(() -> engine.entry("a")).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void survivingIdsKeepTheirSleepStateAndNewIdsTakeTheIncomingFlag() {
        engine.replaceJobs("v1", List.of(job("a", "0 * * * *", "ok"), job("b", "0 * * * *", "ok")));
        engine.sleep("a");

        // the controller sends a:awake and b:asleep; neither flag may override the node's state
        engine.replaceJobs("v2", List.of(job("a", "0 * * * *", "ok"), job("b", "0 * * * *", "ok").withSleep(true),
                job("c", "0 * * * *", "ok").withSleep(true), job("d", "0 * * * *", "ok")));

        assertThat(engine.entry("a").job().sleep()).isTrue();
        assertThat(engine.entry("b").job().sleep()).isFalse();
        assertThat(engine.entry("c").job().sleep()).isTrue();
        assertThat(engine.entry("d").job().sleep()).isFalse();
        assertThat(engine.status().sleeping()).isEqualTo(2);
    }

    @Test
    void invalidJobsAreRejectedByNameWhileTheValidOnesAreScheduled() {
        Job noId = Job.of("", "0 * * * *", "ok", Map.of(), JobType.CRON);
        JobSetAnswer update = engine.replaceJobs("v1", List.of(
                job("good1", "0 * * * *", "ok"),
                job("badspec", "61 25 * * *", "ok"),
                job("nosuchaction", "0 * * * *", "teleport"),
                noId,
                job("good1", "5 * * * *", "ok"),
                Job.of("adhoc", "", "ok", Map.of(), JobType.ONCE),
                job("good2", "@daily", "ok")));

        assertThat(update.changed()).isTrue();
        assertThat(update.accepted()).isEqualTo(2);
        assertThat(update.rejected()).hasSize(5);
        assertThat(update.rejected().get(0)).startsWith("job badspec: ").contains("61 25 * * *");
        assertThat(update.rejected().get(1)).startsWith("job nosuchaction: ").contains("unknown action 'teleport'");
        assertThat(update.rejected().get(2)).contains("job #3").contains("no id");
        assertThat(update.rejected().get(3)).startsWith("job good1: ").contains("duplicate id");
        assertThat(update.rejected().get(4)).startsWith("job adhoc: ").contains("once");
        assertThat(engine.entries()).extracting(e -> e.job().id()).containsExactly("good1", "good2");
        assertThat(engine.entry("good1").job().spec()).isEqualTo("0 * * * *");
        assertThat(engine.entry("good1").next()).isEqualTo(Instant.parse("2026-05-04T11:00:00Z"));
    }

    @Test
    void aSetWhoseEveryJobIsInvalidIsRefusedAndChangesNothing() {
        engine.replaceJobs("v1", List.of(job("a", "0 * * * *", "ok")));

        assertThatThrownBy(() -> engine.replaceJobs("v2", List.of(job("badspec", "61 25 * * *", "ok"),
                job("nosuchaction", "0 * * * *", "teleport"), Job.of("other", "0 * * * *", "picky", Map.of("app", "x"), JobType.CRON))))
                .isInstanceOf(BackupException.class).hasMessageContaining("job badspec: ")
                .hasMessageContaining("job nosuchaction: ").hasMessageContaining("job other: arg 'app'")
                .hasMessageContaining("not changed")
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);

        assertThat(engine.entries()).extracting(e -> e.job().id()).containsExactly("a");
        assertThat(engine.status().version()).isEqualTo("v1");
        assertThat(engine.replaceJobs("v3", List.of()).accepted()).as("an empty set empties the node").isZero();
    }

    @Test
    void theTaskOfAJobDecidesWhetherItsArgsCanBeScheduled() {
        JobSetAnswer update = engine.replaceJobs("v1", List.of(job("hello", "0 * * * *", "picky"),
                Job.of("other", "0 * * * *", "picky", Map.of("app", "x"), JobType.CRON)));

        assertThat(update.accepted()).isEqualTo(1);
        assertThat(update.rejected()).singleElement().asString().startsWith("job other: arg 'app' is 'x'");
        assertThat(engine.entries()).extracting(e -> e.job().id()).containsExactly("hello");
    }

    @Test
    void aJobWithAnArgValueOutsideTheVocabularyRefusesTheWholeSet() {
        engine.replaceJobs("v1", List.of(job("a", "0 * * * *", "ok")));

        assertThatThrownBy(() -> engine.replaceJobs("v2", List.of(job("b", "0 * * * *", "ok"),
                Job.of("odd", "0 * * * *", "picky", Map.of("app", "hello", "mode", "weekly"), JobType.CRON))))
                .isInstanceOf(BackupException.class).hasMessageStartingWith("job odd: ").hasMessageContaining("'weekly'", "not changed");

        assertThat(engine.entries()).extracting(e -> e.job().id()).containsExactly("a");
        assertThat(engine.status().version()).isEqualTo("v1");
    }

    @Test
    void aVersionIsRequired() {
        assertThatThrownBy(() -> engine.replaceJobs(" ", List.of())).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void entriesShowPrevAndNext() {
        engine.replaceJobs("v1", List.of(job("a", "*/15 * * * *", "ok")));
        Entry before = engine.entry("a");
        assertThat(before.prev()).isNull();
        assertThat(before.next()).isEqualTo(Instant.parse("2026-05-04T10:15:00Z"));

        engines.clock.set("2026-05-04T10:15:20Z");
        engine.tick();

        Entry after = engine.entry("a");
        assertThat(after.prev()).isEqualTo(Instant.parse("2026-05-04T10:15:00Z"));
        assertThat(after.next()).isEqualTo(Instant.parse("2026-05-04T10:30:00Z"));
    }

    @Test
    void sleepAndWakeupOfAnUnknownJobIsNotFound() {
        assertThatThrownBy(() -> engine.sleep("nope")).hasMessageContaining("nope")
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> engine.wakeup("nope"))
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> engine.runNow("nope"))
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aSurvivingJobKeepsItsLastFireAndAChangedScheduleIsRescheduled() {
        engine.replaceJobs("v1", List.of(job("a", "*/15 * * * *", "ok"), job("b", "*/15 * * * *", "ok")));
        engines.clock.set("2026-05-04T10:15:00Z");
        engine.tick();
        Engines.awaitIdle(engine);

        engines.clock.set("2026-05-04T10:20:00Z");
        engine.replaceJobs("v2", List.of(job("a", "*/15 * * * *", "ok"), job("b", "0 * * * *", "ok")));

        assertThat(engine.entry("a").prev()).isEqualTo(Instant.parse("2026-05-04T10:15:00Z"));
        assertThat(engine.entry("a").next()).isEqualTo(Instant.parse("2026-05-04T10:30:00Z"));
        assertThat(engine.entry("b").prev()).isEqualTo(Instant.parse("2026-05-04T10:15:00Z"));
        assertThat(engine.entry("b").next()).isEqualTo(Instant.parse("2026-05-04T11:00:00Z"));
    }
}
