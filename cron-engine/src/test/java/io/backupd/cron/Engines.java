package io.backupd.cron;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.api.UnknownArgValue;
import io.backupd.common.error.BackupException;
import io.backupd.testing.Await;
import io.backupd.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds engines for a test over one data directory and one fake clock, with a registry of test
 * tasks, and closes every engine it built. Settings may be changed before {@link #create}.
 */
final class Engines implements AutoCloseable {
    static final String NODE = "10.1.2.3";
    static final String CTL = "http://ctl:9000/api/v2/system/notify";
    static final Tuning FAST = new Tuning(Duration.ofSeconds(5), new Backoff(Duration.ofMillis(5), Duration.ofMillis(40)));

    final Path dir;
    final FakeClock clock;
    final Gate gate = new Gate();
    final AtomicInteger okRuns = new AtomicInteger();
    final TaskRegistry tasks = new TaskRegistry()
            .register("ok", context -> Map.of("n", okRuns.incrementAndGet()))
            .register("block", gate)
            .register("trigger", context -> Map.of("trigger", context.trigger().name()))
            .register("fail", context -> {
                throw new TaskFailure("pre_run hook exited with 3", Map.of("output", "no space left"), null);
            })
            .register("boom", context -> {
                throw new IllegalStateException("disk on fire");
            })
            .register("picky", new PickyTask());
    ZoneId zone = ZoneOffset.UTC;
    int workers = 2;
    Duration catchUpWindow = EngineConfig.DEFAULT_CATCH_UP_WINDOW;
    int keptRecords = EngineConfig.DEFAULT_KEPT_RECORDS;
    Duration minInterval = EngineConfig.DEFAULT_MIN_INTERVAL;
    private final List<CronEngine> built = new ArrayList<>();

    Engines(Path dir, String now) {
        this.dir = dir;
        this.clock = FakeClock.at(now);
    }

    CronEngine create(Delivery delivery) {
        EngineConfig config = new EngineConfig(dir, zone, workers, catchUpWindow, NODE, keptRecords, minInterval);
        CronEngine engine = new CronEngine(config, tasks, delivery, clock, FAST);
        built.add(engine);
        return engine;
    }

    CronEngine start(Delivery delivery) {
        CronEngine engine = create(delivery);
        engine.start();
        return engine;
    }

    static Job job(String id, String spec, String action) {
        return Job.of(id, spec, action, Map.of("app", "hello"), JobType.CRON);
    }

    static JobRecord awaitFinished(CronEngine engine, String rid) {
        Await.until("record " + rid + " to finish",
                () -> engine.record(rid).map(r -> r.state().isFinished()).orElse(false));
        return engine.record(rid).orElseThrow();
    }

    static void awaitIdle(CronEngine engine) {
        Await.until("no run in progress", () -> engine.status().running().isEmpty()
                && engine.records().stream().allMatch(r -> r.state().isFinished()));
    }

    /** Opens the gate first, so no engine has to wait out its close grace for a blocked run. */
    @Override
    public void close() {
        gate.open();
        for (int i = built.size() - 1; i >= 0; i--) {
            built.get(i).close();
        }
    }

    /** Takes only jobs for app {@code hello}; a {@code mode} of {@code weekly} is outside the vocabulary. */
    static final class PickyTask implements Task {
        @Override
        public Map<String, Object> run(TaskContext context) {
            return Map.of();
        }

        @Override
        public void check(Job job) {
            if ("weekly".equals(job.arg("mode"))) {
                throw new UnknownArgValue("mode", BackupException.invalid("mode 'weekly' is neither 'full' nor 'increment'"));
            }
            if (!"hello".equals(job.arg("app"))) {
                throw BackupException.invalid("arg 'app' is '" + job.arg("app") + "'; this task serves only hello");
            }
        }
    }
}
