package io.backupd.cron;

import java.util.Map;

/**
 * A named piece of work a job runs. The engine calls {@link #run} on a worker thread, never twice
 * at once for the same job. Return the run's result (it becomes the record's {@code result});
 * throw to fail the run: the exception's message becomes the record's {@code reason}, and a
 * {@link TaskFailure} also carries a result. Implementations should poll
 * {@link TaskContext#cancelled()} between units of work and report progress as they go.
 */
@FunctionalInterface
public interface Task {
    Map<String, Object> run(TaskContext context) throws Exception;
}
