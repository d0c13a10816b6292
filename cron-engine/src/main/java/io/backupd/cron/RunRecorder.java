package io.backupd.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the steps of a run into records: keeps them in the {@link RecordHistory}, queues them in
 * the {@link Outbox}, and keeps {@code running.json}, the runs in progress, so that a run the
 * process died in is reported failed at the next start instead of staying {@code running}.
 * Thread-safe; records are emitted (and so queued per address) in the order of these calls.
 */
final class RunRecorder {
    static final String RUNNING_FILE = "running.json";
    static final String DIED_DURING_RUN = "the daemon stopped during this run";
    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

    private final Path runningFile;
    private final RecordHistory history;
    private final Outbox outbox;
    private final String node;
    private final Clock clock;
    private final Map<String, JobRecord> inProgress = new LinkedHashMap<>();
    private final List<JobRecord> interrupted = new ArrayList<>();

    RunRecorder(Path dataDir, RecordHistory history, Outbox outbox, String node, Clock clock) {
        this.runningFile = dataDir.resolve(RUNNING_FILE);
        this.history = history;
        this.outbox = outbox;
        this.node = node;
        this.clock = clock;
        AtomicFiles.read(runningFile, new TypeReference<List<JobRecord>>() { }).ifPresent(interrupted::addAll);
        interrupted.forEach(r -> inProgress.put(r.rid(), r)); // still on disk until resolved
    }

    /** The {@code running} record of a new run; on disk in {@code running.json} before it is reported. */
    synchronized JobRecord started(String rid, Job job) {
        JobRecord record = JobRecord.started(rid, job, node, clock.instant());
        inProgress.put(rid, record);
        saveRunning();
        emit(record);
        return record;
    }

    /** The final record of a run; reported before the run leaves {@code running.json}. */
    synchronized void finished(JobRecord done) {
        emit(done);
        inProgress.remove(done.rid());
        saveRunning();
    }

    /** A run that was never started; it goes straight to {@code failed}. */
    synchronized void refused(String rid, Job job, String reason) {
        emit(JobRecord.started(rid, job, node, clock.instant()).failed(clock.instant(), reason, Map.of()));
    }

    /**
     * Resolves the runs the previous process left in {@code running.json}: each becomes
     * {@code failed} (with what {@code aftermaths} knows of it), unless its final record had already been kept (the process died between
     * keeping and un-listing it), which is then queued again, as delivery is at least once anyway.
     * Only a death between queueing and keeping the final record (two file writes apart) makes a
     * run report its real end and then this failure.
     */
    synchronized int resolveInterrupted(InterruptedRuns aftermaths) {
        for (JobRecord run : interrupted) {
            Optional<JobRecord> kept = history.get(run.rid()).filter(r -> r.state().isFinished());
            JobRecord done = kept.orElseGet(() -> run.failed(clock.instant(),
                    aftermaths.aftermath(run).map(what -> DIED_DURING_RUN + "; " + what).orElse(DIED_DURING_RUN), Map.of()));
            if (kept.isEmpty()) {
                log.warn("run {} of job {} was in progress when the daemon stopped; reporting it failed", run.rid(), run.id());
            }
            finished(done);
        }
        int count = interrupted.size();
        interrupted.clear();
        return count;
    }

    /**
     * Queued before kept: whoever sees a record in the history (and then, say, adds an address)
     * knows it was already queued for the addresses of that moment.
     */
    private void emit(JobRecord record) {
        outbox.enqueue(record);
        history.put(record);
    }

    private void saveRunning() {
        AtomicFiles.write(runningFile, List.copyOf(inProgress.values()));
    }
}
