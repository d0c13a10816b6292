package io.backupd.ctl.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.ctl.records.RecordStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v2/system/notify}: daemons report job records here, one record or an array as
 * JSON (or the same JSON in a form field {@code data}). The whole body is checked before anything
 * is stored, so a malformed report stores nothing; the daemon's outbox then keeps it and retries.
 * Answers {@code {"stored": n}}, n counting records that changed the store (a resent duplicate or
 * a late {@code running} counts 0 but is still acknowledged).
 *
 * <p>{@code GET /api/v2/system/state}: the apps the controller knows, the entries its config
 * source skipped and why, and each daemon's dispatch status.
 */
public final class SystemRoutes implements RouteGroup {
    private final RecordStore records;
    private final ConfigSource source;
    private final Dispatcher dispatcher;

    public SystemRoutes(RecordStore records, ConfigSource source, Dispatcher dispatcher) {
        this.records = records;
        this.source = source;
        this.dispatcher = dispatcher;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v2/system/notify", this::notify);
        routes.get("/api/v2/system/state", this::state);
    }

    private void notify(Context ctx) {
        List<JobRecord> batch = parse(body(ctx));
        int stored = 0;
        for (JobRecord record : batch) {
            if (records.put(record)) {
                stored++;
            }
        }
        ctx.json(Map.of("stored", stored));
    }

    private static String body(Context ctx) {
        String type = ctx.contentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            String data = ctx.formParam("data");
            if (data == null) {
                throw BackupException.invalid("form field data (the JSON records) is missing");
            }
            return data;
        }
        return ctx.body();
    }

    static List<JobRecord> parse(String text) {
        if (text == null || text.isBlank()) {
            throw BackupException.invalid("the body is empty; expected a job record or an array of them as JSON");
        }
        JsonNode root = Json.read(text, JsonNode.class, "the notify body");
        List<JsonNode> items = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(items::add);
        } else {
            items.add(root);
        }
        List<JobRecord> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(record(items.get(i), root.isArray() ? "record [" + i + "]" : "the record"));
        }
        return out;
    }

    private static JobRecord record(JsonNode item, String what) {
        if (!item.isObject()) {
            throw BackupException.invalid(what + " is not a JSON object");
        }
        JobRecord record;
        try {
            record = Json.mapper().treeToValue(item, JobRecord.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw BackupException.invalid(what + " is not a job record: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (record.rid() == null || record.rid().isBlank()) {
            throw BackupException.invalid(what + " has no rid");
        }
        if (record.state() == null) {
            throw BackupException.invalid(what + " (rid " + record.rid() + ") has no state");
        }
        if (record.start() == null) {
            throw BackupException.invalid(what + " (rid " + record.rid() + ") has no start time");
        }
        return record;
    }

    private void state(Context ctx) {
        ClusterState state = source.current();
        List<Map<String, Object>> apps = new ArrayList<>();
        state.apps().values().forEach(app -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", app.name());
            one.put("source", app.source());
            one.put("procs", List.copyOf(app.procs().keySet()));
            apps.add(one);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apps", apps);
        body.put("problems", state.problems());
        body.put("nodes", List.copyOf(dispatcher.nodes().values()));
        ctx.json(body);
    }
}
