package io.backupd.ctl.api.v2;

import io.backupd.common.api.DaemonStatus;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.ctl.api.Partial;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.cron.CronJobs;
import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.http.Fields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node, {@code /api/v2/server/:ip/...}: its planned job set ({@code GET cron/jobs}), pausing and
 * resuming its scheduler ({@code PUT cron/actions/start|stop}, forwarded) and {@code GET debug}: the
 * daemon's own debug answer under {@code daemon} and the controller's view of the node under
 * {@code controller} (reachable, versions, last push, last error). A daemon that does not answer
 * its debug leaves {@code daemon} null and is named in {@code X-Backupd-Unreachable}, since the
 * controller's view is what tells why. A malformed ip is 400, a node not in the plan 404.
 */
public final class ServerRoutes implements RouteGroup {
    private final CronJobs jobs;
    private final Dispatcher dispatcher;
    private final DaemonClient daemons;

    public ServerRoutes(CronJobs jobs, Dispatcher dispatcher, DaemonClient daemons) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.daemons = daemons;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/server/{ip}/cron/jobs", ctx -> ctx.json(jobs.ofNode(Fields.ip(ctx.pathParam("ip")))));
        routes.put("/api/v2/server/{ip}/cron/actions/{action}", this::scheduling);
        routes.get("/api/v2/server/{ip}/debug", this::debug);
    }

    private String plannedNode(Context ctx) {
        String ip = Fields.ip(ctx.pathParam("ip"));
        if (!jobs.isPlanned(ip)) {
            throw BackupException.notFound("node " + ip + " is not in the plan");
        }
        return ip;
    }

    private void scheduling(Context ctx) {
        String ip = plannedNode(ctx);
        boolean start = switch (ctx.pathParam("action")) {
            case "start" -> true;
            case "stop" -> false;
            default -> throw BackupException.invalid("unknown action '" + Fields.printable(ctx.pathParam("action"))
                    + "'; expected start or stop");
        };
        ctx.json(daemons.scheduling(ip, start));
    }

    private void debug(Context ctx) {
        String ip = plannedNode(ctx);
        DaemonStatus daemon = null;
        String error = null;
        try {
            daemon = daemons.debug(ip);
        } catch (BackupException e) {
            if (e.code() != ErrorCode.NODE_UNREACHABLE && e.code().httpStatus() < 500) {
                throw e;
            }
            error = e.getMessage();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", ip);
        body.put("daemon", daemon);
        body.put("daemonError", error);
        body.put("controller", dispatcher.nodes().get(ip));
        Partial.json(ctx, body, daemon == null ? List.of(ip) : List.of());
    }
}
