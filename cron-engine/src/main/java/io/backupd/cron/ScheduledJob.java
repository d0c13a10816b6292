package io.backupd.cron;

import io.backupd.common.api.Job;
import io.backupd.common.spec.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A job of the set with its parsed schedule and timing.
 *
 * @param addedAt  when the job first entered the set; stands in for the last fire until it fired
 * @param lastFire the slot it last fired for (scheduled or catch-up, not run-now); null if never
 * @param nextDue  the slot it fires for next; null when the schedule has no further slot
 */
record ScheduledJob(Job job, Schedule schedule, Instant addedAt, Instant lastFire, Instant nextDue) {

    static ScheduledJob added(Job job, Schedule schedule, Instant now, ZoneId zone) {
        return new ScheduledJob(job, schedule, now, null, null).rebased(now, zone);
    }

    String id() {
        return job.id();
    }

    boolean sleeping() {
        return job.sleep();
    }

    boolean isDue(Instant now) {
        return !sleeping() && nextDue != null && !nextDue.isAfter(now);
    }

    /** Fired for {@code slot} at {@code now}; slots between them are not made up (no burst after a clock jump). */
    ScheduledJob fired(Instant slot, Instant now, ZoneId zone) {
        return new ScheduledJob(job, schedule, addedAt, slot, null).rebased(now, zone);
    }

    /**
     * The latest slot in {@code (max(last fire or addition, now - window), now]}, if any: the one
     * run a restart makes up. Walks the slots with {@link Schedule#next} (not {@code previous}) so
     * the daylight-saving rules are the same as for normal firing.
     */
    Optional<Instant> missedSlot(Instant now, Duration window, ZoneId zone) {
        Instant since = lastFire != null ? lastFire : addedAt;
        if (since == null) {
            return Optional.empty();
        }
        Instant windowStart = now.minus(window);
        Instant from = since.isBefore(windowStart) ? windowStart.minusNanos(1) : since;
        Instant latest = null;
        for (Optional<Instant> slot = schedule.next(from, zone); slot.isPresent() && !slot.get().isAfter(now);
                slot = schedule.next(slot.get(), zone)) {
            latest = slot.get();
        }
        return Optional.ofNullable(latest);
    }

    /**
     * Next slot strictly after {@code now}, or after the last fire when the clock stands before it
     * (stepped back), so that no slot ever fires twice.
     */
    ScheduledJob rebased(Instant now, ZoneId zone) {
        Instant from = lastFire != null && lastFire.isAfter(now) ? lastFire : now;
        return new ScheduledJob(job, schedule, addedAt, lastFire, schedule.next(from, zone).orElse(null));
    }

    /** This job, due no sooner than {@code earliest}: the first slot at or after it when the next one comes before. */
    ScheduledJob notBefore(Instant earliest, ZoneId zone) {
        if (nextDue == null || !nextDue.isBefore(earliest)) {
            return this;
        }
        return new ScheduledJob(job, schedule, addedAt, lastFire, schedule.next(earliest.minusNanos(1), zone).orElse(null));
    }

    ScheduledJob withJob(Job replacement) {
        return new ScheduledJob(replacement, schedule, addedAt, lastFire, nextDue);
    }
}
