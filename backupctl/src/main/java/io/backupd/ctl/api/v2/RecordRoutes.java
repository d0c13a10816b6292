package io.backupd.ctl.api.v2;

import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.records.RecordStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v2/app/:app/cron/records?total=&year=&month=} and {@code .../records/:rid}, from
 * the controller's record store. {@code year} alone selects that year, with {@code month} that
 * month, {@code month} alone that month of the current year; months are taken in the controller's
 * time zone, the zone an app owner reads schedules in. Records outlive their app, so an app is
 * unknown (404) only when it is neither declared nor has any record.
 */
public final class RecordRoutes implements RouteGroup {
    static final int DEFAULT_TOTAL = 100;
    static final int MAX_TOTAL = 10_000;

    private final RecordStore records;
    private final ConfigSource source;
    private final ZoneId zone;
    private final Clock clock;

    public RecordRoutes(RecordStore records, ConfigSource source, ZoneId zone, Clock clock) {
        this.records = records;
        this.source = source;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/app/{app}/cron/records", this::list);
        routes.get("/api/v2/app/{app}/cron/records/{rid}", this::one);
    }

    private void list(Context ctx) {
        int total = QueryParams.intParam(ctx, "total", 1, MAX_TOTAL).orElse(DEFAULT_TOTAL);
        Optional<Integer> year = QueryParams.intParam(ctx, "year", 1970, 9999);
        Optional<Integer> month = QueryParams.intParam(ctx, "month", 1, 12);
        Instant from = null;
        Instant to = null;
        if (year.isPresent() || month.isPresent()) {
            int y = year.orElseGet(() -> LocalDate.now(clock.withZone(zone)).getYear());
            LocalDate first = LocalDate.of(y, month.orElse(1), 1);
            LocalDate end = month.isPresent() ? first.plusMonths(1) : first.plusYears(1);
            from = first.atStartOfDay(zone).toInstant();
            to = end.atStartOfDay(zone).toInstant();
        }
        String app = ctx.pathParam("app");
        List<JobRecord> found = records.newestFirst(app, total, from, to);
        if (found.isEmpty() && !source.current().apps().containsKey(app) && records.newestFirst(app, 1, null, null).isEmpty()) {
            throw BackupException.notFound("app " + app + " is not known to the controller and has no records");
        }
        ctx.json(found);
    }

    private void one(Context ctx) {
        String app = ctx.pathParam("app");
        String rid = ctx.pathParam("rid");
        JobRecord record = records.byRid(rid)
                .filter(r -> app.equals(r.app()))
                .orElseThrow(() -> BackupException.notFound("app " + app + " has no record " + rid));
        ctx.json(record);
    }
}
