package io.backupd.cron;

import io.backupd.common.api.EngineStatus;
import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobSetAnswer;
import io.backupd.common.api.JobType;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.id.RecordIdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs jobs on their cron schedules, reports every run as records to the notify addresses, and
 * keeps its state under {@link EngineConfig#dataDir()} (see {@code FORMAT.md}). Thread-safe.
 *
 * <p>Lifecycle: the constructor reads the persisted state (no threads); {@link #start()} reports
 * runs the previous process died in, fires catch-up runs and starts the scheduler and delivery
 * threads; {@link #close()} stops them. Job-set, sleep and notify changes work in any state;
 * runs ({@link #runNow}, {@link #runOnce}) need a started engine, else UNAVAILABLE.
 *
 * <p>{@link Entry#next()} is null while the job sleeps or scheduling is stopped: it will not fire
 * then. {@link Entry#prev()} is the slot of the last scheduled (or catch-up) fire; manual runs do
 * not move it. Config values that are not positive (workers, kept records) or null (zone, window)
 * fall back to the {@link EngineConfig} defaults and the clock's zone.
 */
public final class CronEngine implements AutoCloseable {
    private enum Lifecycle { NEW, STARTED, CLOSED }

    private final EngineConfig config;
    private final Clock clock;
    private final Tuning tuning;
    private final TaskRegistry tasks;
    private final JobTable table;
    private final NotifyAddresses addresses;
    private final Outbox outbox;
    private final RecordHistory history;
    private final RunRecorder recorder;
    private final WorkerPool pool;
    private final Scheduler scheduler;
    private final DeliveryLoop deliveryLoop;
    private Lifecycle lifecycle = Lifecycle.NEW; // guarded by this
    private volatile Instant startedAt;

    public CronEngine(EngineConfig config, TaskRegistry tasks, Delivery delivery, Clock clock) {
        this(config, tasks, delivery, clock, Tuning.DEFAULT);
    }

    CronEngine(EngineConfig config, TaskRegistry tasks, Delivery delivery, Clock clock, Tuning tuning) {
        this.config = EngineDefaults.apply(config, clock);
        this.clock = clock;
        this.tuning = tuning;
        this.tasks = tasks;
        this.table = new JobTable(new JobStore(this.config.dataDir()),
                new JobSetValidator(tasks, this.config.minInterval()), clock, this.config.zone(), this.config.minInterval());
        this.addresses = new NotifyAddresses(this.config.dataDir());
        this.outbox = new Outbox(this.config.dataDir(), addresses);
        this.history = new RecordHistory(this.config.dataDir(), this.config.keptRecords());
        this.recorder = new RunRecorder(this.config.dataDir(), history, outbox, this.config.nodeIp(), clock);
        this.pool = new WorkerPool(this.config.workers(), tasks, recorder, new RecordIdGenerator(clock), clock);
        this.scheduler = new Scheduler(table, pool, clock);
        this.deliveryLoop = new DeliveryLoop(outbox, delivery, tuning.backoff());
    }

    /** Reports interrupted runs as failed, fires catch-up runs, starts the threads. Once only. */
    public synchronized void start() {
        start(InterruptedRuns.NOTHING_KNOWN);
    }

    /** As {@link #start()}, with {@code interrupted} saying what became of each run the previous process died in. */
    public synchronized void start(InterruptedRuns interrupted) {
        if (lifecycle != Lifecycle.NEW) {
            throw new IllegalStateException("the cron engine was already " + lifecycle.name().toLowerCase(java.util.Locale.ROOT));
        }
        startedAt = clock.instant();
        recorder.resolveInterrupted(interrupted);
        pool.open();
        scheduler.start(config.catchUpWindow());
        deliveryLoop.start();
        lifecycle = Lifecycle.STARTED;
    }

    /** Replaces the job set; same version is a no-op. Sleep state of surviving ids is kept. */
    public JobSetAnswer replaceJobs(String version, List<Job> jobs) {
        JobSetAnswer update = table.replace(version, jobs);
        scheduler.wake();
        return update;
    }

    public List<Entry> entries() {
        return table.all().stream().map(this::entryOf).toList();
    }

    /** NOT_FOUND when there is no such job. */
    public Entry entry(String jobId) {
        return entryOf(table.get(jobId));
    }

    private Entry entryOf(ScheduledJob job) {
        boolean willFire = !job.sleeping() && scheduler.scheduling();
        return new Entry(job.lastFire(), willFire ? job.nextDue() : null, job.job());
    }

    public int count() {
        return table.all().size();
    }

    /** NOT_FOUND when there is no such job. Returns the job with its new sleep state. Idempotent. */
    public Job sleep(String jobId) {
        return table.setSleep(jobId, true);
    }

    /** NOT_FOUND when there is no such job. Fires from the next slot on. Idempotent. */
    public Job wakeup(String jobId) {
        Job job = table.setSleep(jobId, false);
        scheduler.wake();
        return job;
    }

    /** Starts a run of the job now (also when it sleeps); returns its record id. NOT_FOUND, CONFLICT when it already runs, or what its task's {@link Task#checkRequested} refuses. */
    public String runNow(String jobId) {
        Job job = table.get(jobId).job();
        tasks.lookup(job.action()).checkRequested(job);
        return pool.runNow(job);
    }

    /**
     * Runs an ad-hoc job (restore, migrate) now, outside the job set, as type {@code once}; returns
     * its record id. INVALID_ARGUMENT without an id or with an unregistered action; CONFLICT while
     * a run with the same job id is unfinished.
     */
    public String runOnce(Job job) {
        if (job == null || job.id() == null || job.id().isBlank()) {
            throw BackupException.invalid("a once job needs an id");
        }
        tasks.lookup(job.action());
        return pool.runNow(new Job(job.id(), job.spec(), job.action(), job.args(), JobType.ONCE, false));
    }

    /** Pauses / resumes all scheduled firing; idempotent. Run-now still works while paused. */
    public void stopScheduling() {
        scheduler.pause();
    }

    /** Resumes from the next slot after now; slots passed while stopped are not made up. */
    public void startScheduling() {
        scheduler.resume();
    }

    /** The kept records, newest first. */
    public List<JobRecord> records() {
        return history.newestFirst();
    }

    public Optional<JobRecord> record(String rid) {
        return history.get(rid);
    }

    /** Adds a notify address (persisted); idempotent. Only records made from now on go to it. */
    public void addNotifyAddress(String address) {
        addresses.add(address);
    }

    /**
     * Removes the address; idempotent. Records still queued for it are never dropped: each goes to
     * the remaining addresses (those that do not have it queued already). Removing the last address
     * while records are queued for it is CONFLICT and changes nothing: add the new address first.
     */
    public synchronized void removeNotifyAddress(String address) {
        String clean = address == null ? "" : address.trim();
        List<String> remaining = addresses.list().stream().filter(a -> !a.equals(clean)).toList();
        int queued = outbox.pendingFor(clean);
        if (remaining.isEmpty() && queued > 0 && addresses.list().contains(clean)) {
            throw new BackupException(ErrorCode.CONFLICT, queued + " records are still queued for " + clean
                    + ", the only notify address; add the new address first, then remove this one");
        }
        // new records stop going to it first; a record queued for it meanwhile is handed over below
        if (addresses.remove(clean)) {
            outbox.reassign(clean, remaining);
        }
    }

    public List<String> notifyAddresses() {
        return addresses.list();
    }

    /** {@code running} includes runs still waiting for a worker (with empty progress). */
    public EngineStatus status() {
        List<ScheduledJob> jobs = table.all();
        return new EngineStatus(startedAt, table.version(), table.updatedAt(), scheduler.scheduling(), jobs.size(),
                (int) jobs.stream().filter(ScheduledJob::sleeping).count(), config.workers(), pool.running(),
                pool.overlapsSkipped(), outbox.depth(), addresses.list());
    }

    /** Fires every job due at the clock's now; for tests that drive a fake clock. */
    void tick() {
        scheduler.tick();
    }

    /**
     * Stops the scheduler, signals running tasks to cancel and waits up to 10 s for them, then stops
     * the delivery thread. State is written as it changes, so there is nothing left to flush; a run
     * that outlives the wait is reported failed at the next start. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (lifecycle == Lifecycle.CLOSED) {
            return;
        }
        lifecycle = Lifecycle.CLOSED;
        // also after a start() that failed half-way: each part stops only what it started
        scheduler.close();
        pool.close(tuning.closeGrace());
        deliveryLoop.close();
    }
}
