package io.backupd.cron;

import io.backupd.common.api.EngineStatus;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.id.RecordIdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a fixed number of worker threads and keeps a job from overlapping itself: while a
 * run of a job is queued or executing, a scheduled fire of it is skipped (and recorded as a failed
 * run saying so) and a manual run is refused with CONFLICT. Thread-safe.
 */
final class WorkerPool {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    static final String STOPPED_BEFORE_START = "the daemon stopped before this run started";

    private final TaskRegistry tasks;
    private final RunRecorder recorder;
    private final RecordIdGenerator ids;
    private final Clock clock;
    private final ExecutorService executor;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong overlapsSkipped = new AtomicLong();
    private final Map<String, Run> inFlight = new LinkedHashMap<>(); // by job id; guarded by this
    private final List<Thread> threads = new CopyOnWriteArrayList<>(); // joined on close: no thread outlives it
    private boolean accepting;

    WorkerPool(int workers, TaskRegistry tasks, RunRecorder recorder, RecordIdGenerator ids, Clock clock) {
        this.tasks = tasks;
        this.recorder = recorder;
        this.ids = ids;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "cron-worker-" + (threads.size() + 1));
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
    }

    synchronized void open() {
        accepting = true;
    }

    /** A fire from the schedule (or catch-up). Skipped, visibly, while the job's previous run is unfinished. */
    synchronized void fire(Job job) {
        Run previous = inFlight.get(job.id());
        if (previous != null) {
            overlapsSkipped.incrementAndGet();
            String reason = "skipped: the previous run " + previous.rid() + " of job " + job.id() + " is still running";
            log.warn(reason);
            recorder.refused(ids.next(), job, reason);
            return;
        }
        if (!tasks.has(job.action())) {
            // a job persisted by a daemon version that had this task; fail visibly at each slot
            recorder.refused(ids.next(), job, "unknown action '" + job.action() + "'; this daemon runs " + tasks.actions());
            return;
        }
        submit(job, Trigger.SCHEDULED);
    }

    /** A manual run; CONFLICT while the job's previous run is unfinished. Returns the record id. */
    synchronized String runNow(Job job) {
        Run previous = inFlight.get(job.id());
        if (previous != null) {
            throw new BackupException(ErrorCode.CONFLICT,
                    "job " + job.id() + " is already running (record " + previous.rid() + "); try again when it has finished");
        }
        return submit(job, Trigger.REQUESTED);
    }

    private String submit(Job job, Trigger trigger) {
        if (!accepting) {
            throw new BackupException(ErrorCode.UNAVAILABLE, "the cron engine is not running");
        }
        Task task = tasks.lookup(job.action());
        JobRecord started = recorder.started(ids.next(), job);
        Run run = new Run(started, trigger, task, new Progress(), cancelled::get);
        inFlight.put(job.id(), run);
        executor.execute(() -> execute(run));
        return run.rid();
    }

    private void execute(Run run) {
        JobRecord done;
        if (cancelled.get()) {
            done = run.started().failed(clock.instant(), STOPPED_BEFORE_START, Map.of());
        } else {
            done = RunOutcome.of(run, clock);
        }
        // leave the in-flight set before reporting: whoever sees the final record may run the job again
        synchronized (this) {
            inFlight.remove(run.started().id(), run);
        }
        recorder.finished(done);
    }

    synchronized List<EngineStatus.RunningTask> running() {
        return inFlight.values().stream().map(Run::status).toList();
    }

    long overlapsSkipped() {
        return overlapsSkipped.get();
    }

    /**
     * Refuses new runs, tells running tasks to stop, lets queued runs fail fast, and waits up to
     * {@code grace} for the workers. A task that ignores both cancellation and interrupt stays
     * listed in {@code running.json} and is reported failed at the next start.
     */
    void close(Duration grace) {
        synchronized (this) {
            accepting = false;
        }
        cancelled.set(true);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("runs still in progress after {} ms: {}; interrupting them", grace.toMillis(), running());
                executor.shutdownNow();
                if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                    log.error("runs ignore cancellation and interrupt, leaving their threads behind: {}", running());
                    return;
                }
            }
            // a terminated executor's workers may still be on their way out
            for (Thread thread : threads) {
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
