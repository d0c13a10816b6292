package io.backupd.cron;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobSetAnswer;
import io.backupd.common.api.UnknownArgValue;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job set and each job's timing: which jobs exist, which sleep, when each last fired and is
 * due next. Every change is written to {@code jobs.json} before the method returns. Thread-safe
 * (one monitor); it never calls out to other engine parts, so it cannot take part in a deadlock.
 */
final class JobTable {
    private static final Logger log = LoggerFactory.getLogger(JobTable.class);

    private final JobStore store;
    private final JobSetValidator validator;
    /** The validator refuses faster schedules; this spacing also holds for jobs saved before, or by a laxer daemon. */
    private final Duration minInterval;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, ScheduledJob> jobs = new LinkedHashMap<>();
    private String version;
    private Instant updatedAt;

    JobTable(JobStore store, JobSetValidator validator, Clock clock, ZoneId zone, Duration minInterval) {
        this.minInterval = minInterval;
        this.store = store;
        this.validator = validator;
        this.clock = clock;
        this.zone = zone;
        store.load().ifPresent(this::restore);
    }

    private void restore(JobStore.JobSetFile file) {
        version = file.version();
        updatedAt = file.updatedAt();
        Instant now = clock.instant();
        for (JobStore.StoredJob stored : file.jobs()) {
            try {
                Schedule schedule = Schedule.parse(stored.job().spec());
                jobs.put(stored.job().id(), spaced(new ScheduledJob(stored.job(), schedule, stored.addedAt(), stored.lastFire(), null)
                        .rebased(now, zone), stored.lastFire()));
            } catch (BackupException e) {
                log.error("dropping persisted job {}: {}", stored.job().id(), e.getMessage());
            }
        }
    }

    /**
     * Replaces the job set with the valid jobs of {@code incoming}; invalid ones are listed in the
     * answer's {@code rejected}. INVALID_ARGUMENT, changing nothing, when no job of a non-empty set is
     * valid or one holds an {@link UnknownArgValue}.
     */
    synchronized JobSetAnswer replace(String newVersion, List<Job> incoming) {
        if (newVersion == null || newVersion.isBlank()) {
            throw BackupException.invalid("a job set needs a version");
        }
        if (newVersion.equals(version)) {
            return new JobSetAnswer(version, false, jobs.size(), List.of());
        }
        Instant now = clock.instant();
        Map<String, ScheduledJob> next = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Job> list = incoming == null ? List.of() : incoming;
        for (int i = 0; i < list.size(); i++) {
            Job job = list.get(i);
            try {
                Schedule schedule = validator.check(job, i, seen);
                seen.add(job.id());
                next.put(job.id(), merge(jobs.get(job.id()), job, schedule, now));
            } catch (UnknownArgValue e) {
                throw refused(e.getMessage(), e);
            } catch (BackupException e) {
                rejected.add(e.getMessage());
            }
        }
        if (next.isEmpty() && !list.isEmpty()) {
            // scheduling nothing would silently drop every backup of the node; an empty set says so explicitly
            throw refused("none of the " + list.size() + " jobs can be scheduled: " + String.join("; ", rejected), null);
        }
        jobs.clear();
        jobs.putAll(next);
        version = newVersion;
        updatedAt = now;
        save();
        if (!rejected.isEmpty()) {
            log.warn("job set {}: rejected {}", newVersion, rejected);
        }
        return new JobSetAnswer(version, true, jobs.size(), List.copyOf(rejected));
    }

    private static BackupException refused(String why, BackupException cause) {
        return new BackupException(ErrorCode.INVALID_ARGUMENT, why + "; the job set was not changed",
                cause == null ? Map.of() : cause.details(), cause);
    }

    /** A surviving id keeps its sleep state and timing; a new id takes the incoming sleep flag. */
    private ScheduledJob merge(ScheduledJob existing, Job incoming, Schedule schedule, Instant now) {
        if (existing == null) {
            return ScheduledJob.added(incoming, schedule, now, zone);
        }
        ScheduledJob kept = existing.withJob(incoming.withSleep(existing.sleeping()));
        if (schedule.text().equals(existing.schedule().text())) {
            return kept;
        }
        return spaced(new ScheduledJob(kept.job(), schedule, kept.addedAt(), kept.lastFire(), null).rebased(now, zone), kept.lastFire());
    }

    /**
     * Due no sooner than {@link #minInterval} after the slot it last fired for (null: never fired).
     * Spaced by slots, not by when a late tick started the run, so a run started late does not
     * push the next regular slot back.
     */
    private ScheduledJob spaced(ScheduledJob job, Instant lastSlot) {
        return lastSlot == null ? job : job.notBefore(lastSlot.plus(minInterval), zone);
    }

    synchronized List<ScheduledJob> all() {
        return List.copyOf(jobs.values());
    }

    /** NOT_FOUND when the set has no such job. */
    synchronized ScheduledJob get(String id) {
        ScheduledJob job = jobs.get(id);
        if (job == null) {
            throw BackupException.notFound("no cron job " + id + " on this node");
        }
        return job;
    }

    /** Waking up starts from the next slot after now: slots slept through are not made up. */
    synchronized Job setSleep(String id, boolean sleep) {
        ScheduledJob job = get(id);
        if (job.sleeping() != sleep) {
            ScheduledJob changed = job.withJob(job.job().withSleep(sleep));
            jobs.put(id, sleep ? changed : spaced(changed.rebased(clock.instant(), zone), changed.lastFire()));
            save();
        }
        return jobs.get(id).job();
    }

    /** The jobs due at {@code now}, marked as fired for their slot. */
    synchronized List<Job> takeDue(Instant now) {
        List<Job> due = new ArrayList<>();
        for (ScheduledJob job : jobs.values()) {
            if (job.isDue(now)) {
                due.add(job.job());
                jobs.put(job.id(), spaced(job.fired(job.nextDue(), now, zone), job.nextDue()));
            }
        }
        if (!due.isEmpty()) {
            save();
        }
        return due;
    }

    /**
     * Catch-up after downtime: each awake job whose latest slot at or before {@code now} lies after
     * its last fire (or its addition) and within {@code window} of now, marked as fired for that
     * slot. At most one per job, however many slots were missed. All jobs are rebased on now.
     */
    synchronized List<Job> takeMissed(Instant now, Duration window) {
        List<Job> missed = new ArrayList<>();
        for (ScheduledJob job : jobs.values()) {
            Optional<Instant> slot = job.sleeping() ? Optional.empty() : job.missedSlot(now, window, zone);
            if (slot.isPresent()) {
                missed.add(job.job());
                jobs.put(job.id(), spaced(job.fired(slot.get(), now, zone), slot.get()));
            } else {
                jobs.put(job.id(), spaced(job.rebased(now, zone), job.lastFire()));
            }
        }
        save();
        return missed;
    }

    /** After scheduling was paused: every job's next slot is the first one after now. */
    synchronized void rebase(Instant now) {
        jobs.replaceAll((id, job) -> spaced(job.rebased(now, zone), job.lastFire()));
    }

    /** The earliest slot any awake job is due at, if any. */
    synchronized Optional<Instant> earliestDue() {
        return jobs.values().stream().filter(job -> !job.sleeping() && job.nextDue() != null)
                .map(ScheduledJob::nextDue).min(Instant::compareTo);
    }

    synchronized String version() {
        return version;
    }

    synchronized Instant updatedAt() {
        return updatedAt;
    }

    private void save() {
        List<JobStore.StoredJob> stored = jobs.values().stream()
                .map(job -> new JobStore.StoredJob(job.job(), job.addedAt(), job.lastFire())).toList();
        store.save(new JobStore.JobSetFile(version, updatedAt, stored));
    }
}
