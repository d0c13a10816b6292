package io.backupd.ctl.api.v2;

import io.backupd.common.error.BackupException;
import io.javalin.http.Context;
import java.util.Optional;

/** Reads optional integer query parameters; an empty value counts as absent ({@code ?month=&year=}). */
final class QueryParams {

    private QueryParams() {
    }

    static Optional<Integer> intParam(Context ctx, String name, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw BackupException.invalid("query parameter " + name + "='" + text + "' must be a whole number from " + min + " to " + max);
    }
}
