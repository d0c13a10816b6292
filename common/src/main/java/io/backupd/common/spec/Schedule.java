package io.backupd.common.spec;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.backupd.common.error.BackupException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cron schedule: the 5-field Unix form lain.yaml uses, the 6-field form with seconds first, or
 * one of {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}. Fire times come from
 * cron-utils, with the daylight-saving rules of Vixie cron made explicit:
 * <ul>
 *   <li>a time that a spring-forward gap skips fires once, at the end of the gap;</li>
 *   <li>a time that a fall-back overlap repeats fires once, at its first occurrence, unless the
 *       hour field is {@code *} (then each real hour is its own slot).</li>
 * </ul>
 * A schedule that has no fire time within {@value #HORIZON_YEARS} years ({@code 0 0 30 2 *}) is
 * refused as malformed. Immutable and thread-safe.
 */
public final class Schedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(secondsDefinition());
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    /** The least time between two runs of one job unless an operator sets another ({@code --min-interval}). */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(1);
    /** A {@code --min-interval} below one second (cron's finest step) is refused with IllegalArgumentException naming the flag. */
    public static Duration checkMinInterval(Duration minInterval) {
        if (minInterval == null || minInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--min-interval must be at least 1s (cron's finest step), not " + minInterval);
        }
        return minInterval;
    }

    /** How far ahead a schedule must fire to be accepted, and how far {@link #gapUnder} looks. */
    static final int HORIZON_YEARS = 5;

    private final String text;
    private final ExecutionTime executionTime;
    private final boolean everyHour;

    private Schedule(String text, Cron cron) {
        this.text = text;
        this.executionTime = ExecutionTime.forCron(cron);
        this.everyHour = cron.retrieve(CronFieldName.HOUR).getExpression() instanceof Always;
    }

    /** Parses {@code text}; INVALID_ARGUMENT with cron-utils' reason when it is not a schedule. */
    public static Schedule parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw BackupException.invalid("schedule is empty");
        }
        String expression = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        if (expression.startsWith("@")) {
            throw BackupException.invalid("schedule '" + text + "': unknown macro; use one of " + MACROS.keySet());
        }
        int fields = expression.split("\\s+").length;
        CronParser parser = switch (fields) {
            case 5 -> UNIX;
            case 6 -> WITH_SECONDS;
            default -> throw BackupException.invalid(
                    "schedule '" + text + "' has " + fields + " fields; expected 5 (minute hour day month weekday) or 6 (with seconds first)");
        };
        try {
            Cron cron = parser.parse(expression);
            cron.validate();
            Schedule schedule = new Schedule(trimmed, cron);
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            if (schedule.executionTime.nextExecution(now).filter(at -> at.isBefore(now.plusYears(HORIZON_YEARS))).isEmpty()) {
                throw BackupException.invalid("schedule '" + text + "' never fires (no fire time within "
                        + HORIZON_YEARS + " years); check the day and month fields");
            }
            return schedule;
        } catch (IllegalArgumentException e) {
            throw BackupException.invalid("schedule '" + text + "' is not valid cron: " + e.getMessage());
        }
    }

    /** This schedule; INVALID_ARGUMENT saying by how much when two of its fires can come closer than {@code minimum}. */
    public Schedule requireInterval(Duration minimum) {
        gapUnder(minimum).ifPresent(gap -> {
            throw BackupException.invalid("schedule '" + text + "' fires " + brief(gap) + " after a previous fire; a job runs at most once every "
                    + brief(minimum));
        });
        return this;
    }

    /** {@code 1m}, {@code 30s}, {@code 2h}: how durations are written on the command line. */
    public static String brief(Duration d) {
        long seconds = d.toSeconds();
        if (d.toMillisPart() != 0 || seconds == 0) {
            return d.toMillis() + "ms";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /**
     * A time between two consecutive fires that is shorter than {@code minimum} (the shortest
     * within a day, else the first found from one day to the next), or empty when the schedule
     * never fires that often; looked at in UTC over the next {@value #HORIZON_YEARS} years, see
     * {@link ScheduleGaps}. Daylight-saving shifts are left out: the engine's own spacing of runs
     * covers them.
     */
    public Optional<Duration> gapUnder(Duration minimum) {
        return new ScheduleGaps(executionTime).gapUnder(minimum, ZonedDateTime.now(ZoneOffset.UTC), HORIZON_YEARS);
    }

    public String text() {
        return text;
    }

    /** The first fire time strictly after {@code after}, in {@code zone}; empty when there is none. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        Optional<Instant> candidate = nextIgnoringGaps(after, zone);
        Optional<Instant> skipped = firstSkippedByGap(after, candidate.orElse(after.plusSeconds(366L * 86400)), zone);
        if (skipped.isPresent() && (candidate.isEmpty() || skipped.get().isBefore(candidate.get()))) {
            return skipped;
        }
        return candidate;
    }

    /** The last fire time at or before {@code atOrBefore}, in {@code zone}; empty when there is none. */
    public Optional<Instant> previous(Instant atOrBefore, ZoneId zone) {
        ZonedDateTime probe = atOrBefore.plusNanos(1).atZone(zone);
        return executionTime.lastExecution(probe).map(ZonedDateTime::toInstant);
    }

    private Optional<Instant> nextIgnoringGaps(Instant after, ZoneId zone) {
        ZonedDateTime from = after.atZone(zone);
        while (true) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(from);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime at = next.get();
            if (!at.toInstant().isAfter(after)) {
                from = at.plusSeconds(1);
                continue;
            }
            // cron-utils may shift a gap time to a later wall time; such a shifted slot is not a match
            if (!executionTime.isMatch(at) || (!everyHour && isSecondOccurrence(at))) {
                from = at;
                continue;
            }
            return Optional.of(at.toInstant());
        }
    }

    /** A slot whose local time fell into a spring-forward gap between the two instants fires when the gap ends. */
    private Optional<Instant> firstSkippedByGap(Instant after, Instant before, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().nextTransition(after);
        while (transition != null && transition.getInstant().isBefore(before)) {
            if (transition.isGap()) {
                ZonedDateTime gapStart = transition.getDateTimeBefore().atOffset(transition.getOffsetBefore())
                        .atZoneSameInstant(ZoneOffset.ofTotalSeconds(transition.getOffsetBefore().getTotalSeconds()));
                Optional<ZonedDateTime> inFixedOffset = executionTime.nextExecution(gapStart.minusNanos(1));
                if (inFixedOffset.isPresent() && inFixedOffset.get().toLocalDateTime().isBefore(transition.getDateTimeAfter())) {
                    return Optional.of(transition.getInstant());
                }
            }
            transition = zone.getRules().nextTransition(transition.getInstant());
        }
        return Optional.empty();
    }

    private static boolean isSecondOccurrence(ZonedDateTime at) {
        LocalDateTime local = at.toLocalDateTime();
        var offsets = at.getZone().getRules().getValidOffsets(local);
        return offsets.size() == 2 && at.getOffset().equals(offsets.get(1));
    }

    private static CronDefinition secondsDefinition() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().withValidRange(0, 59).and()
                .withMinutes().withValidRange(0, 59).and()
                .withHours().withValidRange(0, 23).and()
                .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
                .withMonth().withValidRange(1, 12).and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                .supportsHash().supportsL().supportsQuestionMark().and()
                .instance();
    }

    @Override
    public String toString() {
        return text;
    }
}
