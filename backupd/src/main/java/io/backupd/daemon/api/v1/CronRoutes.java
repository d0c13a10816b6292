package io.backupd.daemon.api.v1;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupd.common.api.Job;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.backupd.cron.CronEngine;
import io.backupd.cron.JobSetUpdate;
import io.backupd.http.QueryParams;
import io.backupd.http.RequestFields;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
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

    /** Checks a job's args for its action before it is scheduled; throws INVALID_ARGUMENT naming the arg. */
    @FunctionalInterface
    public interface ArgsCheck {
        void check(Job job);
    }

    private final CronEngine engine;
    private final Map<String, ArgsCheck> valueChecks;
    private final Map<String, ArgsCheck> argsChecks;
    private final Map<String, ArgsCheck> runChecks;

    /**
     * Per action, how its args are validated; actions without a check are taken as they come.
     *
     * @param valueChecks args whose values are outside the API's vocabulary (an unknown {@code format}):
     *                    only a hand-written job can have one, so the whole request is a 400 and nothing changes
     * @param argsChecks  args this node cannot work with (a path escaping the volume root): the job is
     *                    listed in {@code rejected} and the others are scheduled, so one odd job a
     *                    controller pushes does not stop the node's other backups
     * @param runChecks   what a requested run ({@code /cron/once/:id}, {@code actions/run}) must pass before
     *                    it is queued (its volume is busy: VOLUME_BUSY), so its caller hears at once
     */
    public CronRoutes(CronEngine engine, Map<String, ArgsCheck> valueChecks, Map<String, ArgsCheck> argsChecks,
                      Map<String, ArgsCheck> runChecks) {
        this.engine = engine;
        this.valueChecks = Map.copyOf(valueChecks);
        this.argsChecks = Map.copyOf(argsChecks);
        this.runChecks = Map.copyOf(runChecks);
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.put(PREFIX + "/cron/jobs", this::replaceJobs);
        routes.get(PREFIX + "/cron/jobs", ctx -> ctx.json(engine.entries().stream().filter(JobFilter.from(ctx.queryParamMap())).toList()));
        routes.get(PREFIX + "/cron/jobs/count", ctx -> ctx.json(Map.of("count", engine.count())));
        routes.get(PREFIX + "/cron/jobs/{id}", ctx -> ctx.json(engine.entry(ctx.pathParam("id"))));
        routes.post(PREFIX + "/cron/jobs/{id}/actions/{action}", this::jobAction);
        routes.post(PREFIX + "/cron/once/{id}", ctx -> accepted(ctx, runNow(ctx.pathParam("id"))));
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
     * Parses and checks every job's arg values before touching the engine, so a malformed request
     * changes nothing. Jobs whose args cannot work (checked here, as the engine knows no args) and
     * jobs the engine refuses (unknown action, bad cron) are both listed in {@code rejected}; the
     * rest are scheduled.
     */
    private void replaceJobs(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        String version = fields.required("version");
        List<Job> jobs = parseJobs(fields.required("data"));
        for (Job job : jobs) {
            try {
                valueChecks.getOrDefault(job.action(), j -> { }).check(job);
            } catch (BackupException e) {
                throw new BackupException(e.code(), "job " + job.id() + ": " + e.getMessage() + "; the job set was not changed",
                        e.details(), e);
            }
        }
        List<String> refused = new ArrayList<>();
        List<Job> valid = new ArrayList<>();
        for (Job job : jobs) {
            try {
                argsChecks.getOrDefault(job.action(), j -> { }).check(job);
                valid.add(job);
            } catch (BackupException e) {
                refused.add("job " + job.id() + ": " + e.getMessage());
            }
        }
        JobSetUpdate update = engine.replaceJobs(version, valid);
        if (update.changed() && !refused.isEmpty()) {
            refused.addAll(update.rejected());
            update = new JobSetUpdate(update.version(), true, update.accepted(), List.copyOf(refused));
        }
        ctx.json(update);
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
            case "run" -> accepted(ctx, runNow(id));
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

    private String runNow(String id) {
        Job job = engine.entry(id).job();
        runChecks.getOrDefault(job.action(), j -> { }).check(job);
        return engine.runNow(id);
    }

    private static void accepted(Context ctx, String rid) {
        ctx.status(202).json(Map.of("rid", rid));
    }
}
