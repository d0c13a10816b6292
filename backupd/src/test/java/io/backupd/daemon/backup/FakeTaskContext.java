package io.backupd.daemon.backup;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.cron.Progress;
import io.backupd.cron.TaskContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TaskContext without an engine: a job, a record id, progress, and a cancel switch, for the
 * tests of every daemon task. Open for a test's own named context (a recover run, an expire run).
 */
public class FakeTaskContext implements TaskContext {
    /** What the task reported; tests read it. */
    public final Progress progress = new Progress();
    /** Set it to make {@link #cancelled()} true, as the engine does when closing. */
    public final AtomicBoolean cancelled = new AtomicBoolean();
    private final Job job;
    private final String rid;

    public FakeTaskContext(Job job, String rid) {
        this.job = job;
        this.rid = rid;
    }

    /** A scheduled {@code backup} job of {@code args}. */
    public FakeTaskContext(Map<String, String> args, String rid) {
        this(Job.of("0a000001" + "0".repeat(32), "0 23 * * *", "backup", args, JobType.CRON), rid);
    }

    @Override
    public Job job() {
        return job;
    }

    @Override
    public String rid() {
        return rid;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public boolean cancelled() {
        return cancelled.get();
    }
}
