package io.backupd.ctl.dispatch;

import io.backupd.common.api.Job;
import java.util.List;

/**
 * Which jobs were put to sleep through the controller. A daemon keeps a surviving job's sleep
 * state across job-set updates, but a daemon that lost its job set (reinstalled, data wiped) or a
 * job that moved to another node would come back awake; the dispatcher therefore pushes every job
 * with the sleep state remembered here. Implementations are durable (a controller restart keeps
 * them) and thread-safe; only sleeping ids are kept, so a waking job leaves nothing behind.
 */
public interface SleepStates {

    boolean sleeping(String jobId);

    /** Remembers {@code jobId} as sleeping or awake; durable when this returns. */
    void set(String jobId, boolean sleeping);

    /** {@code jobs} with each job's remembered sleep state. */
    default List<Job> apply(List<Job> jobs) {
        return jobs.stream().map(job -> job.withSleep(sleeping(job.id()))).toList();
    }
}
