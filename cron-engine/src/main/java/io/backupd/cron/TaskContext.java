package io.backupd.cron;

import io.backupd.common.api.Job;

/** What a running task may know and do: its job and args, its record id, what started it, progress, cancellation. */
public interface TaskContext {
    Job job();

    /** The job's arg {@code key}, or null. */
    default String arg(String key) {
        return job().arg(key);
    }

    /** The id of the record this run reports under. */
    String rid();

    /**
     * What started this run. A context that does not say is {@link Trigger#REQUESTED}: a task that
     * waits only for scheduled runs then fails at once, as it would have before triggers existed.
     */
    default Trigger trigger() {
        return Trigger.REQUESTED;
    }

    Progress progress();

    /** True once the run should stop (the engine is closing or the run was cancelled). */
    boolean cancelled();
}
