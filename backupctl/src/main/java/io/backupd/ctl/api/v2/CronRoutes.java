package io.backupd.ctl.api.v2;

import io.backupd.common.error.BackupException;
import io.backupd.ctl.api.Partial;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.cron.CronJobs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Cron jobs: {@code GET /api/v2/app/:app/cron/jobs[/:id]}, {@code POST .../jobs/:id/actions/:action}
 * ({@code run} answers 202 with the run's rid; {@code sleep}, {@code wakeup} the daemon's job) and
 * {@code GET /api/v2/system/cron/jobs} (node ip → planned jobs with their live sleep state; nodes
 * whose daemon did not answer are named in {@code X-Backupd-Unreachable}).
 */
public final class CronRoutes implements RouteGroup {
    private final CronJobs jobs;

    public CronRoutes(CronJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/app/{app}/cron/jobs", ctx -> ctx.json(jobs.ofApp(ctx.pathParam("app"))));
        routes.get("/api/v2/app/{app}/cron/jobs/{id}", ctx -> ctx.json(jobs.find(ctx.pathParam("app"), ctx.pathParam("id")).job()));
        routes.post("/api/v2/app/{app}/cron/jobs/{id}/actions/{action}", this::act);
        routes.get("/api/v2/system/cron/jobs", ctx -> {
            CronJobs.Live live = jobs.live();
            Partial.json(ctx, live.jobs(), live.unreachable());
        });
    }

    private void act(Context ctx) {
        String app = ctx.pathParam("app");
        String id = ctx.pathParam("id");
        switch (ctx.pathParam("action")) {
            case "run" -> ctx.status(202).json(Map.of("rid", jobs.run(app, id)));
            case "sleep" -> ctx.json(jobs.setSleep(app, id, true));
            case "wakeup" -> ctx.json(jobs.setSleep(app, id, false));
            default -> throw BackupException.invalid("unknown action '" + ctx.pathParam("action") + "'; expected one of run, sleep, wakeup");
        }
    }
}
