package io.backupd.http;

import io.backupd.common.error.BackupException;
import io.javalin.http.Context;
import java.util.Optional;

/** Typed query parameters; an empty value counts as absent ({@code ?month=&year=}), a bad one is INVALID_ARGUMENT naming it. */
public final class QueryParams {

    private QueryParams() {
    }

    /** A whole number in {@code [min, max]}. */
    public static Optional<Integer> intParam(Context ctx, String name, int min, int max) {
        return Fields.intValue(name, ctx.queryParam(name), min, max);
    }

    /** {@code true}/{@code false} (absent: {@code fallback}); anything else is INVALID_ARGUMENT. */
    public static boolean boolParam(Context ctx, String name, boolean fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw BackupException.invalid("query parameter " + name + "='" + Fields.printable(text) + "' must be true or false");
        };
    }
}
