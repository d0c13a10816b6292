package io.backupd.daemon.api.v1;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.RunAnswer;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.backupd.cron.CronEngine;
import io.backupd.http.QueryParams;
import io.backupd.http.RequestFields;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;

/**
 * {@code /cron/...}: the job set the controller pushes, per-job actions, scheduler pause/resume
 * and this node's run records. Everything is delegated to the {@link CronEngine}; this class only
 * parses and answers.
 */
public final class CronRoutes implements RouteGroup {
    private static final TypeReference<List<Job>> JOB_LIST = new TypeReference<>() {
    };
    /** The most records {@code /cron/records?total=} asks for: the controller's bound for its own listings. */
    static final int MAX_TOTAL = 10_000;

    private final CronEngine engine;

    public CronRoutes(CronEngine engine) {
        this.engine = engine;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.put(PREFIX + "/cron/jobs", this::replaceJobs);
        routes.get(PREFIX + "/cron/jobs", ctx -> ctx.json(engine.entries().stream().filter(JobFilter.from(ctx.queryParamMap())).toList()));
        routes.get(PREFIX + "/cron/jobs/count", ctx -> ctx.json(Map.of("count", engine.count())));
        routes.get(PREFIX + "/cron/jobs/{id}", ctx -> ctx.json(engine.entry(ctx.pathParam("id"))));
        routes.post(PREFIX + "/cron/jobs/{id}/actions/{action}", this::jobAction);
        routes.post(PREFIX + "/cron/once/{id}", ctx -> accepted(ctx, engine.runNow(ctx.pathParam("id"))));
        routes.put(PREFIX + "/cron/stop", ctx -> {
            engine.stopScheduling();
            ctx.json(Map.of("scheduling", false));
        });
        routes.put(PREFIX + "/cron/start", ctx -> {
            engine.startScheduling();
            ctx.json(Map.of("scheduling", true));
        });
        routes.get(PREFIX + "/cron/records", this::records);
        routes.get(PREFIX + "/cron/record/{rid}", ctx -> ctx.json(engine.record(ctx.pathParam("rid"))
                .orElseThrow(() -> BackupException.notFound("no record '" + ctx.pathParam("rid") + "' on this node"))));
    }

    /**
     * Parses the set and hands it to the engine, which asks each job's task whether it can be
     * scheduled ({@code Task.check}): jobs it refuses are listed in {@code rejected} and the rest
     * scheduled; a malformed request, a set of which no job can be scheduled, or a job holding a value
     * no controller plans is a 400 and changes nothing.
     */
    private void replaceJobs(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        String version = fields.required("version");
        ctx.json(engine.replaceJobs(version, parseJobs(fields.required("data"))));
    }

    /** The jobs of {@code data}; a job written by hand (curl, as Lain users do) may leave out {@code sleep}. */
    static List<Job> parseJobs(String data) {
        JsonNode parsed = Json.read(data, JsonNode.class, "field 'data'");
        if (!parsed.isArray()) {
            throw BackupException.invalid("field 'data' must be a JSON array of jobs");
        }
        for (int i = 0; i < parsed.size(); i++) {
            if (!(parsed.get(i) instanceof ObjectNode)) {
                throw BackupException.invalid("field 'data' has " + parsed.get(i) + " at index " + i + "; expected a job object");
            }
        }
        try {
            return Json.mapper().convertValue(parsed, JOB_LIST);
        } catch (IllegalArgumentException e) {
            String why = e.getCause() instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw BackupException.invalid("field 'data' is not a list of jobs: " + why);
        }
    }

    private void jobAction(Context ctx) {
        String id = ctx.pathParam("id");
        String action = ctx.pathParam("action");
        switch (action) {
            case "run" -> accepted(ctx, engine.runNow(id));
            case "sleep" -> ctx.json(engine.sleep(id));
            case "wakeup" -> ctx.json(engine.wakeup(id));
            default -> throw BackupException.invalid("unknown job action '" + action + "'; one of run, sleep, wakeup");
        }
    }

    /**
     * The newest {@code total} kept records; absent: all kept ({@code keptRecords}, 1000). Bounded like the
     * controller's listings; a total above the kept count lists all of them.
     */
    private void records(Context ctx) {
        int total = QueryParams.intParam(ctx, "total", 1, MAX_TOTAL).orElse(MAX_TOTAL);
        ctx.json(engine.records().stream().limit(total).toList());
    }

    private static void accepted(Context ctx, String rid) {
        ctx.status(202).json(new RunAnswer(rid));
    }
}
