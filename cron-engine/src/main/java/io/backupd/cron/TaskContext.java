package io.backupd.cron;

import io.backupd.common.api.Job;

/** What a running task may know and do: its job and args, its record id, progress, cancellation. */
public interface TaskContext {
    Job job();

    /** The job's arg {@code key}, or null. */
    default String arg(String key) {
        return job().arg(key);
    }

    /** The id of the record this run reports under. */
    String rid();

    Progress progress();

    /** True once the run should stop (the engine is closing or the run was cancelled). */
    boolean cancelled();
}
