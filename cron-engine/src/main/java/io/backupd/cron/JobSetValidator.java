package io.backupd.cron;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.api.UnknownArgValue;
import io.backupd.common.error.BackupException;
import io.backupd.common.spec.Schedule;
import java.time.Duration;
import java.util.Set;

/**
 * Checks one incoming job of a set: its shape (id, type), that a task of its action is registered,
 * what that task says of its args ({@link Task#check}), and its schedule, which must fire and never
 * fire more often than the minimum interval. A problem is reported as a message that names the job.
 */
final class JobSetValidator {
    private final TaskRegistry tasks;
    private final Duration minInterval;

    JobSetValidator(TaskRegistry tasks, Duration minInterval) {
        this.tasks = tasks;
        this.minInterval = minInterval;
    }

    /**
     * The job's schedule when it can be scheduled, else a {@link BackupException} whose message
     * names the job. {@code seen} holds the ids accepted so far; a repeated id is refused (the
     * first job with an id wins, so the outcome does not depend on which copy is "better"). A task's
     * {@link UnknownArgValue} stays one, so the caller can refuse the whole set.
     */
    Schedule check(Job job, int index, Set<String> seen) {
        if (job == null) {
            throw BackupException.invalid("job #" + index + " is null");
        }
        if (job.id() == null || job.id().isBlank()) {
            throw BackupException.invalid("job #" + index + " (action '" + job.action() + "', spec '" + job.spec()
                    + "') has no id");
        }
        String name = "job " + job.id() + ": ";
        if (seen.contains(job.id())) {
            throw BackupException.invalid(name + "duplicate id in the job set; only the first job with this id is scheduled");
        }
        if (job.type() != JobType.CRON) {
            throw BackupException.invalid(name + "type '" + job.type().wireName()
                    + "' cannot be part of the job set; only cron jobs are scheduled");
        }
        if (job.action() == null || !tasks.has(job.action())) {
            throw BackupException.invalid(name + "unknown action '" + job.action() + "'; this daemon runs " + tasks.actions());
        }
        try {
            tasks.lookup(job.action()).check(job);
        } catch (UnknownArgValue e) {
            throw e.inJob(job.id());
        } catch (BackupException e) {
            throw new BackupException(e.code(), name + e.getMessage(), e.details(), e);
        }
        try {
            return Schedule.parse(job.spec()).requireInterval(minInterval);
        } catch (BackupException e) {
            throw BackupException.invalid(name + e.getMessage());
        }
    }
}
