package io.backupd.cron;

/**
 * Why a run was started, so a task can decide how patient it may be: nobody waits on a scheduled
 * run's answer, while a requested one answers a caller who can retry.
 */
public enum Trigger {
    /** A slot of the job's schedule fired it, or it is the catch-up run for a slot missed while the daemon was down. */
    SCHEDULED,
    /** An API call asked for it: run now, or an ad-hoc once job (restore, migrate, check). */
    REQUESTED
}
