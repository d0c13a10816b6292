package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a run's task and turns what it returns or throws into the run's final record. */
final class RunOutcome {
    private static final Logger log = LoggerFactory.getLogger(RunOutcome.class);

    private RunOutcome() {
    }

    static JobRecord of(Run run, Clock clock) {
        try {
            Map<String, Object> result = run.task().run(run);
            return run.started().succeeded(clock.instant(), result == null ? Map.of() : result);
        } catch (TaskFailure failure) {
            log.warn("run {} of job {} failed: {}", run.rid(), run.started().id(), failure.getMessage());
            return run.started().failed(clock.instant(), reason(failure), failure.result());
        } catch (Throwable unexpected) {
            // Throwable, not Exception: whatever happens, the run must not stay "running" forever
            log.error("run {} of job {} failed unexpectedly", run.rid(), run.started().id(), unexpected);
            return run.started().failed(clock.instant(), reason(unexpected), Map.of());
        }
    }

    private static String reason(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
