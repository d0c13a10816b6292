package io.backupd.daemon.backup;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.cron.Progress;
import io.backupd.cron.TaskContext;
import io.backupd.cron.Trigger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TaskContext without an engine: a job, a record id, how it was started, progress, and a cancel
 * switch, for the tests of every daemon task. Open for a test's own named context (a recover run,
 * an expire run).
 */
public class FakeTaskContext implements TaskContext {
    /** What the task reported; tests read it. */
    public final Progress progress = new Progress();
    /** Set it to make {@link #cancelled()} true, as the engine does when closing. */
    public final AtomicBoolean cancelled = new AtomicBoolean();
    private final Job job;
    private final String rid;
    private final Trigger trigger;

    public FakeTaskContext(Job job, String rid) {
        this(job, rid, Trigger.REQUESTED);
    }

    public FakeTaskContext(Job job, String rid, Trigger trigger) {
        this.job = job;
        this.rid = rid;
        this.trigger = trigger;
    }

    /** A requested {@code backup} job of {@code args}. */
    public FakeTaskContext(Map<String, String> args, String rid) {
        this(args, rid, Trigger.REQUESTED);
    }

    /** A {@code backup} job of {@code args}, started as {@code trigger} says. */
    public FakeTaskContext(Map<String, String> args, String rid, Trigger trigger) {
        this(Job.of("0a000001" + "0".repeat(32), "0 23 * * *", "backup", args, JobType.CRON), rid, trigger);
    }

    @Override
    public Trigger trigger() {
        return trigger;
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
