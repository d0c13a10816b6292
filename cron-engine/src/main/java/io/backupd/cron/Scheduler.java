package io.backupd.cron;

import io.backupd.common.api.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler thread: sleeps until the earliest due slot, at most {@link #MAX_SLEEP} so that a
 * clock jump is noticed, then fires what is due. {@link #tick()} is the whole firing logic and
 * can be called directly (tests drive a fake clock with it); ticks never interleave.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    static final Duration MAX_SLEEP = Duration.ofSeconds(1);

    private final JobTable table;
    private final WorkerPool pool;
    private final Clock clock;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final Object tickLock = new Object();
    private volatile boolean scheduling = true;
    private volatile boolean started;
    private volatile boolean closed;

    Scheduler(JobTable table, WorkerPool pool, Clock clock) {
        this.table = table;
        this.pool = pool;
        this.clock = clock;
        this.thread = new Thread(this::loop, "cron-scheduler");
        this.thread.setDaemon(true);
    }

    /** Fires the one catch-up run per job that downtime calls for, then starts the thread. */
    void start(Duration catchUpWindow) {
        synchronized (tickLock) {
            List<Job> missed = table.takeMissed(clock.instant(), catchUpWindow);
            missed.forEach(job -> log.info("catching up job {}: a slot was missed while the daemon was down", job.id()));
            fireAll(missed);
            started = true;
        }
        thread.start();
    }

    /** Fires every job due at the clock's now; nothing while scheduling is paused. */
    void tick() {
        synchronized (tickLock) {
            if (!started || closed || !scheduling) {
                return;
            }
            fireAll(table.takeDue(clock.instant()));
        }
    }

    private void fireAll(List<Job> due) {
        for (Job job : due) {
            try {
                pool.fire(job);
            } catch (RuntimeException e) {
                log.error("cannot fire job {}", job.id(), e);
            }
        }
    }

    /** Once this returns nothing fires on schedule (a tick in progress has finished). Idempotent. */
    void pause() {
        synchronized (tickLock) {
            scheduling = false;
        }
    }

    /** Resumes from now: slots passed while paused are not made up. Idempotent. */
    void resume() {
        synchronized (tickLock) {
            if (!scheduling) {
                table.rebase(clock.instant());
                scheduling = true;
            }
        }
        wake();
    }

    boolean scheduling() {
        return scheduling;
    }

    /** Makes the thread recompute its sleep, e.g. after the job set changed. */
    void wake() {
        lock.lock();
        try {
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                tick();
            } catch (RuntimeException e) {
                log.error("scheduler tick failed", e);
            }
            lock.lock();
            try {
                if (!closed) {
                    wakeUp.awaitNanos(sleepNanos());
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private long sleepNanos() {
        Instant now = clock.instant();
        long nanos = table.earliestDue().map(due -> Duration.between(now, due).toNanos()).orElse(MAX_SLEEP.toNanos());
        return Math.max(Duration.ofMillis(1).toNanos(), Math.min(nanos, MAX_SLEEP.toNanos()));
    }

    @Override
    public void close() {
        closed = true;
        wake();
        if (thread.isAlive()) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
