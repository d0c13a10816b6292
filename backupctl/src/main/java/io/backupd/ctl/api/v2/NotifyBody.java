package io.backupd.ctl.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v2/system/notify}: one job record or an array of them, as JSON or
 * as the same JSON in a form field {@code data}. The whole body is checked before anything is
 * stored, so a malformed report stores nothing (the daemon's outbox keeps it and retries).
 */
final class NotifyBody {
    private NotifyBody() {
    }

    static List<JobRecord> read(Context ctx) {
        String type = ctx.contentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            String data = ctx.formParam("data");
            if (data == null) {
                throw BackupException.invalid("form field data (the JSON records) is missing");
            }
            return parse(data);
        }
        return parse(ctx.body());
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
}
