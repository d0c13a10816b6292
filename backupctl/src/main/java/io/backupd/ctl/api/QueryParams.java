package io.backupd.ctl.api;

import io.backupd.common.error.BackupException;
import io.backupd.ctl.records.RecordQuery;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

/** Reads optional integer query parameters; an empty value counts as absent ({@code ?month=&year=}). */
public final class QueryParams {

    private QueryParams() {
    }

    public static Optional<Integer> intParam(Context ctx, String name, int min, int max) {
        return Fields.intValue(name, ctx.queryParam(name), min, max);
    }

    /** {@code total}, {@code year}, {@code month} of a record listing; INVALID_ARGUMENT naming a bad one. */
    public static RecordQuery recordQuery(Context ctx, ZoneId zone, Clock clock) {
        return RecordQuery.of(intParam(ctx, "total", 1, RecordQuery.MAX_TOTAL), intParam(ctx, "year", 1970, 9999),
                intParam(ctx, "month", 1, 12), zone, clock);
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
            default -> throw BackupException.invalid("query parameter " + name + "='" + text + "' must be true or false");
        };
    }
}
