package io.backupd.cron;

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
}
