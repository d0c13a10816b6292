package io.backupd.daemon.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a request body, whether it came as a form ({@code -d addr=...}, as Lain's curl
 * usage has it) or as a JSON object. A JSON value that is an array or object is handed out as its
 * JSON text, so a caller parses {@code data} the same way from both.
 */
final class RequestFields {
    private final Context ctx;
    private final JsonNode json;

    private RequestFields(Context ctx, JsonNode json) {
        this.ctx = ctx;
        this.json = json;
    }

    static RequestFields of(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return new RequestFields(ctx, null);
        }
        String body = ctx.body();
        JsonNode node = body.isBlank() ? Json.mapper().createObjectNode() : Json.read(body, JsonNode.class, "request body");
        if (!node.isObject()) {
            throw BackupException.invalid("request body must be a JSON object of fields");
        }
        return new RequestFields(ctx, node);
    }

    Optional<String> text(String name) {
        if (json == null) {
            return Optional.ofNullable(ctx.formParam(name));
        }
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isContainerNode() ? value.toString() : value.asText());
    }

    String required(String name) {
        return text(name).filter(v -> !v.isBlank())
                .orElseThrow(() -> BackupException.invalid("field '" + name + "' is missing"));
    }

    /** A repeated field: {@code -d files=a -d files=b}, or a JSON array (a single JSON value counts as one). */
    List<String> all(String name) {
        if (json == null) {
            return ctx.formParams(name);
        }
        JsonNode value = json.get(name);
        List<String> values = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(v -> values.add(v.asText()));
        } else if (value != null && !value.isNull()) {
            values.add(value.asText());
        }
        return values;
    }
}
