package io.backupd.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's fields, from a form ({@code -d files=a -d files=b}, as Lain users' curl calls send
 * them) or from a JSON object ({@code {"files": ["a", "b"], "to": 2}}). Query parameters count too,
 * after the body, so {@code ?dir=} works for whoever writes it there.
 */
public final class RequestFields {
    private final Context ctx;
    private final JsonNode json;

    private RequestFields(Context ctx, JsonNode json) {
        this.ctx = ctx;
        this.json = json;
    }

    public static RequestFields of(Context ctx) {
        String type = ctx.contentType();
        if (type != null && type.startsWith("application/json") && !ctx.body().isBlank()) {
            JsonNode node = Json.read(ctx.body(), JsonNode.class, "the request body");
            if (!node.isObject()) {
                throw BackupException.invalid("the request body must be a JSON object of fields");
            }
            return new RequestFields(ctx, node);
        }
        return new RequestFields(ctx, null);
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        if (json != null && json.has(name)) {
            JsonNode value = json.get(name);
            if (value.isArray()) {
                value.forEach(v -> out.add(text(name, v)));
            } else if (!value.isNull()) {
                out.add(text(name, value));
            }
            return out;
        }
        if (json == null) {
            out.addAll(ctx.formParams(name));
        }
        if (out.isEmpty()) {
            out.addAll(ctx.queryParams(name));
        }
        return out;
    }

    /** The value of {@code name}, null when absent; INVALID_ARGUMENT when it is given twice with different values. */
    public String first(String name) {
        List<String> values = all(name);
        if (values.stream().distinct().count() > 1) {
            throw BackupException.invalid("field " + name + " is given more than once with different values");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    public String required(String name) {
        String value = first(name);
        if (value == null || value.isBlank()) {
            throw BackupException.invalid("field " + name + " is required");
        }
        return value;
    }

    private static String text(String name, JsonNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw BackupException.invalid("field " + name + " must be a string or a number, not " + value.getNodeType());
    }
}
