package io.backupd.http;

import io.backupd.common.error.BackupException;
import io.javalin.http.Context;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a request path with a percent escape that is not {@code %} and two hex digits. Jetty
 * refuses most ({@code %zz}), but lets some through ({@code %u0041}, its old UTF-16 form), and
 * Javalin's decoding of a path parameter then fails as an unexpected 500; checked before any route runs.
 */
final class PathEscapes {
    private static final Pattern MALFORMED = Pattern.compile("%(?![0-9A-Fa-f]{2}).{0,2}");

    private PathEscapes() {
    }

    static void check(Context ctx) {
        Matcher bad = MALFORMED.matcher(ctx.req().getRequestURI());
        if (bad.find()) {
            throw BackupException.invalid("the request path has the malformed percent escape '" + Fields.printable(bad.group())
                    + "': a % is followed by two hex digits");
        }
    }
}
