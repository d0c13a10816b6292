package io.backupd.ctl.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.dispatch.DaemonClient;
import io.backupd.ctl.dispatch.Dispatcher;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An app's planned cron jobs, and actions on one of them forwarded to the daemon that holds it:
 * {@code GET /api/v2/app/:app/cron/jobs[/:id]}, {@code POST .../jobs/:id/actions/:action}
 * ({@code run} answers 202 with the run's rid; {@code sleep}, {@code wakeup} the daemon's answer).
 * Only a job planned for the app in the path can be acted on, so one app cannot run another's.
 */
public final class CronRoutes implements RouteGroup {
    private static final Set<String> ACTIONS = Set.of("run", "sleep", "wakeup");

    private final ConfigSource source;
    private final Dispatcher dispatcher;
    private final DaemonClient daemons;

    public CronRoutes(ConfigSource source, Dispatcher dispatcher, DaemonClient daemons) {
        this.source = source;
        this.dispatcher = dispatcher;
        this.daemons = daemons;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/app/{app}/cron/jobs", ctx -> ctx.json(jobsOf(knownApp(ctx)).stream().map(PlannedJob::job).toList()));
        routes.get("/api/v2/app/{app}/cron/jobs/{id}", ctx -> ctx.json(planned(ctx).job()));
        routes.post("/api/v2/app/{app}/cron/jobs/{id}/actions/{action}", this::act);
    }

    private void act(Context ctx) {
        String action = ctx.pathParam("action");
        if (!ACTIONS.contains(action)) {
            throw BackupException.invalid("unknown action '" + action + "'; expected one of run, sleep, wakeup");
        }
        PlannedJob job = planned(ctx);
        if (action.equals("run")) {
            String rid = daemons.run(job.node(), job.job().id());
            ctx.status(202).json(Map.of("rid", rid));
        } else {
            JsonNode answer = daemons.action(job.node(), job.job().id(), action);
            ctx.json(answer);
        }
    }

    private record PlannedJob(String node, Job job) {
    }

    private String knownApp(Context ctx) {
        String app = ctx.pathParam("app");
        if (!source.current().apps().containsKey(app)) {
            throw BackupException.notFound("app " + app + " is not known to the controller");
        }
        return app;
    }

    private PlannedJob planned(Context ctx) {
        String app = knownApp(ctx);
        String id = ctx.pathParam("id");
        return jobsOf(app).stream().filter(j -> j.job().id().equals(id)).findFirst()
                .orElseThrow(() -> BackupException.notFound("app " + app + " has no planned job " + id));
    }

    private List<PlannedJob> jobsOf(String app) {
        List<PlannedJob> out = new ArrayList<>();
        dispatcher.planned().forEach((node, jobs) -> jobs.stream()
                .filter(job -> app.equals(job.arg(JobArgs.APP)))
                .forEach(job -> out.add(new PlannedJob(node, job))));
        return out;
    }
}
