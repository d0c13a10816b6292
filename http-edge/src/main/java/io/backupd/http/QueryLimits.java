package io.backupd.http;

import io.backupd.common.error.BackupException;
import io.javalin.http.Context;

/**
 * Refuses a request whose query names more than {@value #MAX_DISTINCT_NAMES} distinct parameters,
 * before any route runs. No route takes more than a few; the bound keeps a request line of
 * thousands of {@code &a1=&a2=} from becoming that many map entries in every handler that looks at
 * the query. The query's total length is already bounded by Jetty's request-line limit (414).
 */
final class QueryLimits {
    static final int MAX_DISTINCT_NAMES = 100;

    private QueryLimits() {
    }

    static void check(Context ctx) {
        int names = ctx.queryParamMap().size();
        if (names > MAX_DISTINCT_NAMES) {
            throw BackupException.invalid("the request has " + names + " distinct query parameters; at most "
                    + MAX_DISTINCT_NAMES + " are accepted");
        }
    }
}
