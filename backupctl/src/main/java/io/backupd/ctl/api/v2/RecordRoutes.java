package io.backupd.ctl.api.v2;

import io.backupd.ctl.api.RecordQueries;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.records.AppRecords;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.ZoneId;

/**
 * Records from the controller's store: {@code GET /api/v2/app/:app/cron/records?total=&year=&month=},
 * {@code .../records/:rid}, and {@code GET /api/v2/system/records?total=&year=&month=} across all
 * apps (node-wide jobs such as {@code backup_expire} included). Newest first; months in the
 * controller's time zone.
 */
public final class RecordRoutes implements RouteGroup {
    private final AppRecords records;
    private final ZoneId zone;
    private final Clock clock;

    public RecordRoutes(AppRecords records, ZoneId zone, Clock clock) {
        this.records = records;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/app/{app}/cron/records", ctx ->
                ctx.json(records.list(ctx.pathParam("app"), RecordQueries.of(ctx, zone, clock))));
        routes.get("/api/v2/app/{app}/cron/records/{rid}", ctx -> ctx.json(records.one(ctx.pathParam("app"), ctx.pathParam("rid"))));
        routes.get("/api/v2/system/records", ctx -> ctx.json(records.all(RecordQueries.of(ctx, zone, clock))));
    }
}
