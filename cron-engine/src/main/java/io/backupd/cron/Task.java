package io.backupd.cron;

import io.backupd.common.api.Job;
import java.util.Map;

/**
 * A named piece of work a job runs. The engine calls {@link #run} on a worker thread, never twice
 * at once for the same job. Return the run's result (it becomes the record's {@code result});
 * throw to fail the run: the exception's message becomes the record's {@code reason}, and a
 * {@link TaskFailure} also carries a result. Implementations should poll
 * {@link TaskContext#cancelled()} between units of work and report progress as they go.
 *
 * <p>Thread safety: runs of different jobs may call one task instance concurrently, so a task
 * shared by jobs must be thread-safe. Idempotency: a run the daemon died in is reported failed
 * and not retried; the next run starts afresh, so a task should tolerate leftovers of a killed
 * run (e.g. write to a temporary name and rename).
 */
@FunctionalInterface
public interface Task {
    Map<String, Object> run(TaskContext context) throws Exception;

    /**
     * Whether a job naming this task may be scheduled, asked once for every job of an incoming job
     * set before any of the set is applied; the default takes every job. Throw a
     * {@link io.backupd.common.error.BackupException} saying what is wrong with the job's args (or
     * that the task cannot be scheduled at all): the job is left out and listed in the answer's
     * {@code rejected}, the other jobs are scheduled. Throw an
     * {@link io.backupd.common.api.UnknownArgValue} for a value no controller plans: the whole set
     * is refused and nothing changes. Must not block or touch anything: it runs under the job
     * table's lock.
     */
    default void check(Job job) {
    }

    /**
     * Whether a run of {@code job} that somebody asked for now ({@link CronEngine#runNow}) may be
     * queued, asked just before it is: throw a {@link io.backupd.common.error.BackupException} (e.g.
     * VOLUME_BUSY) and nothing is queued, so the caller hears at once instead of reading a failed
     * record later. Scheduled runs are not asked; the default queues every run. Must not block.
     */
    default void checkRequested(Job job) {
    }
}
