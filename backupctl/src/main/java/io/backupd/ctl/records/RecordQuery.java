package io.backupd.ctl.records;

import io.backupd.common.api.JobRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A record listing as the APIs ask for it: at most {@code total} records, optionally of one year
 * or month. {@code year} alone selects that year, with {@code month} that month, {@code month}
 * alone that month of the current year; months are taken in the controller's time zone, the zone
 * an app owner reads schedules in.
 *
 * @param from first instant included, null for no bound
 * @param to   first instant excluded, null for no bound
 */
public record RecordQuery(int total, Instant from, Instant to) {
    public static final int DEFAULT_TOTAL = 100;
    public static final int MAX_TOTAL = 10_000;

    public static RecordQuery of(Optional<Integer> total, Optional<Integer> year, Optional<Integer> month, ZoneId zone, Clock clock) {
        if (year.isEmpty() && month.isEmpty()) {
            return new RecordQuery(total.orElse(DEFAULT_TOTAL), null, null);
        }
        int y = year.orElseGet(() -> LocalDate.now(clock.withZone(zone)).getYear());
        LocalDate first = LocalDate.of(y, month.orElse(1), 1);
        LocalDate end = month.isPresent() ? first.plusMonths(1) : first.plusYears(1);
        return new RecordQuery(total.orElse(DEFAULT_TOTAL), first.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    public List<JobRecord> appRecords(RecordStore store, String app) {
        return store.newestFirst(app, total, from, to);
    }

    public List<JobRecord> allRecords(RecordStore store) {
        return store.newestFirstAll(total, from, to);
    }
}
