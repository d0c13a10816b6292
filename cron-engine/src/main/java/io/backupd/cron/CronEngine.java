package io.backupd.cron;

import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Runs jobs on their cron schedules. Thread-safe. SKELETON: the public surface other modules code
 * against; bodies are being written.
 */
public final class CronEngine implements AutoCloseable {

    public CronEngine(EngineConfig config, TaskRegistry tasks, Delivery delivery, Clock clock) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Loads the persisted job set and outbox, schedules catch-up runs, starts the scheduler thread. */
    public void start() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Replaces the job set; same version is a no-op. Sleep state of surviving ids is kept. */
    public JobSetUpdate replaceJobs(String version, List<Job> jobs) {
        throw new UnsupportedOperationException("not yet");
    }

    public List<Entry> entries() {
        throw new UnsupportedOperationException("not yet");
    }

    /** NOT_FOUND when there is no such job. */
    public Entry entry(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    public int count() {
        throw new UnsupportedOperationException("not yet");
    }

    /** NOT_FOUND when there is no such job. Returns the job with its new sleep state. */
    public Job sleep(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    public Job wakeup(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts a run of the job now (also when it sleeps); returns its record id. NOT_FOUND, or VOLUME_BUSY-like CONFLICT when it already runs. */
    public String runNow(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Pauses / resumes all scheduled firing; idempotent. Run-now still works while paused. */
    public void stopScheduling() {
        throw new UnsupportedOperationException("not yet");
    }

    public void startScheduling() {
        throw new UnsupportedOperationException("not yet");
    }

    public List<JobRecord> records() {
        throw new UnsupportedOperationException("not yet");
    }

    public Optional<JobRecord> record(String rid) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Adds a notify address (persisted); idempotent. */
    public void addNotifyAddress(String address) {
        throw new UnsupportedOperationException("not yet");
    }

    public void removeNotifyAddress(String address) {
        throw new UnsupportedOperationException("not yet");
    }

    public List<String> notifyAddresses() {
        throw new UnsupportedOperationException("not yet");
    }

    public EngineStatus status() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops the scheduler, signals running tasks to cancel, waits briefly for them, flushes state. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
