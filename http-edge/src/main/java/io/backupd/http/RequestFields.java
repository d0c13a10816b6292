package io.backupd.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request's fields, from a form ({@code -d files=a -d files=b}, as Lain users' curl calls send
 * them) or from a JSON object ({@code {"files": ["a", "b"], "to": 2}}). Query parameters count
 * too, after the body, so {@code ?dir=} works for whoever writes it there. A JSON value that is an
 * array or object is handed out by {@link #text} as its JSON text, so a field holding JSON
 * ({@code data} of a job set) reads the same from a form and from a JSON body. A field given twice
 * with different values, a body that is not a JSON object and an array holding objects are
 * INVALID_ARGUMENT naming the field; the body is read once, up to the server's size limit.
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
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json") || ctx.body().isBlank()) {
            return new RequestFields(ctx, null);
        }
        JsonNode node = Json.read(ctx.body(), JsonNode.class, "the request body");
        if (!node.isObject()) {
            throw BackupException.invalid("the request body must be a JSON object of fields");
        }
        return new RequestFields(ctx, node);
    }

    /** Every value of {@code name}, in order: {@code -d files=a -d files=b} or a JSON array; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        if (json != null && json.has(name)) {
            JsonNode value = json.get(name);
            if (value.isArray()) {
                value.forEach(v -> out.add(scalar(name, v)));
            } else if (!value.isNull()) {
                out.add(scalar(name, value));
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

    /** The one value of {@code name}; INVALID_ARGUMENT when it is given more than once with different values. */
    public Optional<String> text(String name) {
        if (json != null && json.has(name)) {
            JsonNode value = json.get(name);
            return value.isNull() ? Optional.empty() : Optional.of(value.isContainerNode() ? value.toString() : value.asText());
        }
        List<String> values = all(name);
        if (values.stream().distinct().count() > 1) {
            throw BackupException.invalid("field " + name + " is given more than once with different values");
        }
        return values.stream().findFirst();
    }

    /** {@link #text}, or null when absent: what {@link Fields}' checks take. */
    public String first(String name) {
        return text(name).orElse(null);
    }

    /** The value of {@code name}; INVALID_ARGUMENT naming it when absent or blank. */
    public String required(String name) {
        return text(name).filter(v -> !v.isBlank())
                .orElseThrow(() -> BackupException.invalid("field " + name + " is required"));
    }

    private static String scalar(String name, JsonNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw BackupException.invalid("field " + name + " must be a string or a number, not " + value.getNodeType());
    }
}
