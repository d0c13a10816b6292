package io.backupd.ctl.api.v1;

import io.backupd.http.Fields;
import io.backupd.ctl.api.FilePages;
import io.backupd.ctl.api.Partial;
import io.backupd.ctl.api.RecordQueries;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.backups.BackupRestores;
import io.backupd.ctl.backups.BackupService;
import io.backupd.ctl.cron.CronJobs;
import io.backupd.ctl.records.AppRecords;
import io.backupd.http.Fields;
import io.backupd.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The original controller API, {@code /api/v1}, kept for existing scripts: each route is the v2
 * service call with the v1 path and field names. Asynchronous actions answer 202 {@code {rid}} like
 * v2; errors have the one error shape.
 */
public final class V1Routes implements RouteGroup {
    private static final String PROC = "/app/{app}/proc/{proc}";

    private final BackupService backups;
    private final BackupRestores restores;
    private final CronJobs jobs;
    private final AppRecords records;
    private final ZoneId zone;
    private final Clock clock;

    public V1Routes(BackupService backups, BackupRestores restores, CronJobs jobs, AppRecords records, ZoneId zone, Clock clock) {
        this.backups = backups;
        this.restores = restores;
        this.jobs = jobs;
        this.records = records;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/backup/json" + PROC, ctx -> {
            BackupService.Listing listing = backups.list(app(ctx), proc(ctx), ctx.queryParams("volume"));
            Partial.json(ctx, listing.backups(), listing.unreachable());
        });
        routes.get("/api/v1/backup/filelist" + PROC + "/dir/{dir}", ctx ->
                FilePages.answer(ctx, backups.files(app(ctx), proc(ctx), ctx.pathParam("dir"), FilePages.query(ctx))));
        routes.post("/api/v1/backup/recover" + PROC + "/file/{file}", ctx ->
                accepted(ctx, restores.recover(app(ctx), proc(ctx), ctx.pathParam("file"), Optional.empty(), List.of())));
        routes.post("/api/v1/backup/migrate" + PROC + "/file/{file}", ctx -> migrate(ctx, ctx.pathParam("file"), false));
        routes.post("/api/v1/backup/recover/increment" + PROC + "/dir/{dir}", ctx -> {
            RequestFields fields = RequestFields.of(ctx);
            accepted(ctx, restores.recover(app(ctx), proc(ctx), ctx.pathParam("dir"),
                    Fields.instanceNo("instanceNo", fields.first("instanceNo")), fields.all("files")));
        });
        routes.post("/api/v1/backup/migrate/increment" + PROC + "/dir/{dir}", ctx -> migrate(ctx, ctx.pathParam("dir"), true));
        routes.get("/api/v1/cron/jobs/app/{app}", ctx -> ctx.json(jobs.ofApp(app(ctx))));
        routes.get("/api/v1/cron/jobs/all", ctx -> {
            CronJobs.Live live = jobs.live();
            Partial.json(ctx, live.jobs(), live.unreachable());
        });
        routes.get("/api/v1/cron/records/app/{app}", ctx -> ctx.json(records.list(app(ctx), RecordQueries.of(ctx, zone, clock))));
        routes.get("/api/v1/cron/record/app/{app}/id/{id}", ctx -> ctx.json(records.one(app(ctx), ctx.pathParam("id"))));
        routes.post("/api/v1/cron/once/app/{app}/id/{id}", ctx -> accepted(ctx, jobs.run(app(ctx), ctx.pathParam("id"))));
    }

    private void migrate(Context ctx, String name, boolean withFiles) {
        RequestFields fields = RequestFields.of(ctx);
        accepted(ctx, restores.migrate(app(ctx), proc(ctx), name, fields.required("volume"),
                Fields.requiredInstanceNo("to", fields.first("to")), Fields.instanceNo("from", fields.first("from")),
                withFiles ? fields.all("files") : List.of()));
    }

    private static void accepted(Context ctx, String rid) {
        ctx.status(202).json(Map.of("rid", rid));
    }

    private static String app(Context ctx) {
        return ctx.pathParam("app");
    }

    private static String proc(Context ctx) {
        return ctx.pathParam("proc");
    }
}
