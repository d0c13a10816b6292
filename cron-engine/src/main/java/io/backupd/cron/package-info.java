/**
 * The cron engine: runs a node's jobs on their cron schedules, runs jobs on demand, and reports
 * every run as a {@link io.backupd.common.api.JobRecord} to the notify addresses. It knows nothing
 * about backups; the work is done by the {@link io.backupd.cron.Task}s of a
 * {@link io.backupd.cron.TaskRegistry}, and records leave through a {@link io.backupd.cron.Delivery}.
 * Its only own I/O is its state files under {@code EngineConfig.dataDir} (see {@code FORMAT.md}).
 *
 * <p>Main flow: {@code CronEngine} (facade) → {@code JobTable} (job set, sleep states, last and
 * next slot per job; {@code jobs.json}) → {@code Scheduler} (thread; {@code tick()} takes the due
 * jobs) → {@code WorkerPool} (bounded workers, no job overlaps itself; a due run of a busy job is
 * recorded as skipped) → {@code RunOutcome} (calls the task) → {@code RunRecorder} (running →
 * success | failed; {@code running.json}, {@code RecordHistory}) → {@code Outbox} (one file per
 * pending delivery) → {@code DeliveryLoop} (thread; per-address backoff).
 *
 * <p>Invariants: every state file is replaced atomically (temp, fsync, rename); a slot fires at
 * most once, and after downtime at most one catch-up run per job; no record stays {@code running}
 * across a restart; the engine keeps no static mutable state and leaves no thread behind on close.
 */
package io.backupd.cron;
