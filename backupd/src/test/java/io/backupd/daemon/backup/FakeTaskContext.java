package io.backupd.daemon.backup;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.cron.Progress;
import io.backupd.cron.TaskContext;
import io.backupd.cron.Trigger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A TaskContext without an engine: a job, a record id, how it was started, progress, and a cancel switch. */
final class FakeTaskContext implements TaskContext {
    private final Job job;
    private final String rid;
    private final Trigger trigger;
    private final Progress progress = new Progress();
    final AtomicBoolean cancelled = new AtomicBoolean();

    FakeTaskContext(Map<String, String> args, String rid) {
        this(args, rid, Trigger.REQUESTED);
    }

    FakeTaskContext(Map<String, String> args, String rid, Trigger trigger) {
        this.job = Job.of("0a000001" + "0".repeat(32), "0 23 * * *", "backup", args, JobType.CRON);
        this.rid = rid;
        this.trigger = trigger;
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
