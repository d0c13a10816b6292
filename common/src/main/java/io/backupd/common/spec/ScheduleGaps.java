package io.backupd.common.spec;

import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The shortest time between two fires of a cron schedule, found without walking its fires (a
 * {@code * * * * *} schedule fires half a million times a year, and a job set may hold hundreds).
 * Cron's second, minute and hour fields are independent of each other and of the date, so every
 * matching day fires at the times of day H×M×S, the sets read off one matching day with a few
 * dozen probes. The gaps within a day are then: between two seconds of S; from the last second of
 * a minute to the first of the next minute of M; likewise across hours of H. From one matching day
 * to the next the gap is at least a day less the span of the fire times; only when that bound is
 * below the minimum are the days walked, over a bounded horizon.
 */
final class ScheduleGaps {
    private static final long DAY = 86_400;

    private final ExecutionTime executionTime;

    ScheduleGaps(ExecutionTime executionTime) {
        this.executionTime = executionTime;
    }

    Optional<Duration> gapUnder(Duration minimum, ZonedDateTime now, int horizonYears) {
        Optional<ZonedDateTime> firstDay = executionTime.nextExecution(
                now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).minusSeconds(1));
        if (firstDay.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime first = firstDay.get();
        TreeSet<Integer> seconds = within(first, ChronoField.SECOND_OF_MINUTE, ChronoField.MINUTE_OF_DAY);
        TreeSet<Integer> minutes = within(first, ChronoField.MINUTE_OF_HOUR, ChronoField.HOUR_OF_DAY);
        TreeSet<Integer> hours = within(first, ChronoField.HOUR_OF_DAY, ChronoField.EPOCH_DAY);
        long spanS = seconds.last() - seconds.first();
        long spanM = minutes.last() - minutes.first();
        long withinDay = Math.min(smallestStep(seconds, 1, 0),
                Math.min(smallestStep(minutes, 60, spanS), smallestStep(hours, 3600, spanM * 60 + spanS)));
        if (Duration.ofSeconds(withinDay).compareTo(minimum) < 0) {
            return Optional.of(Duration.ofSeconds(withinDay));
        }
        long span = (hours.last() - hours.first()) * 3600 + spanM * 60 + spanS;
        if (Duration.ofSeconds(DAY - span).compareTo(minimum) >= 0) {
            return Optional.empty();
        }
        return acrossDays(first.with(LocalTime.of(hours.last(), minutes.last(), seconds.last())), minimum,
                now.plusYears(horizonYears));
    }

    /**
     * The values {@code field} takes at the fires that share {@code first}'s {@code unit} (the
     * seconds of its minute, the minutes of its hour, the hours of its day): at most 60 probes,
     * each jumping to the next fire after the current value is used up.
     */
    private TreeSet<Integer> within(ZonedDateTime first, ChronoField field, ChronoField unit) {
        TreeSet<Integer> values = new TreeSet<>();
        ZonedDateTime at = first;
        while (true) {
            values.add(at.get(field));
            Optional<ZonedDateTime> next = executionTime.nextExecution(lastInstantOf(at, field));
            if (next.isEmpty() || next.get().getLong(unit) != first.getLong(unit)
                    || !next.get().toLocalDate().equals(first.toLocalDate())) {
                return values;
            }
            at = next.get();
        }
    }

    /** The last second that still has {@code at}'s value of {@code field}, so the next fire has another value. */
    private static ZonedDateTime lastInstantOf(ZonedDateTime at, ChronoField field) {
        return switch (field) {
            case SECOND_OF_MINUTE -> at;
            case MINUTE_OF_HOUR -> at.withSecond(59);
            default -> at.withMinute(59).withSecond(59);
        };
    }

    /** The smallest step between neighbours of {@code values}, in seconds, less what the finer fields span. */
    private static long smallestStep(TreeSet<Integer> values, long unitSeconds, long finerSpan) {
        long best = Long.MAX_VALUE;
        Integer previous = null;
        for (int v : values) {
            if (previous != null) {
                best = Math.min(best, (v - previous) * unitSeconds - finerSpan);
            }
            previous = v;
        }
        return best;
    }

    /** From the last fire of each matching day to the first of the next, until {@code end}. */
    private Optional<Duration> acrossDays(ZonedDateTime lastOfFirstDay, Duration minimum, ZonedDateTime end) {
        LocalTime lastOfDay = lastOfFirstDay.toLocalTime();
        ZonedDateTime previous = lastOfFirstDay;
        while (previous.isBefore(end)) {
            Optional<ZonedDateTime> firstOfNextDay = executionTime.nextExecution(previous);
            if (firstOfNextDay.isEmpty()) {
                return Optional.empty();
            }
            Duration gap = Duration.between(previous, firstOfNextDay.get());
            if (gap.compareTo(minimum) < 0) {
                return Optional.of(gap);
            }
            previous = firstOfNextDay.get().with(lastOfDay);
        }
        return Optional.empty();
    }
}
