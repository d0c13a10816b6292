package io.backupd.ctl.api;

import io.backupd.ctl.records.RecordQuery;
import io.backupd.http.QueryParams;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneId;

/** The {@link RecordQuery} of a record listing's query parameters, for the v1 and the v2 routes alike. */
public final class RecordQueries {

    private RecordQueries() {
    }

    /** {@code total}, {@code year}, {@code month}; INVALID_ARGUMENT naming a bad one. */
    public static RecordQuery of(Context ctx, ZoneId zone, Clock clock) {
        return RecordQuery.of(QueryParams.intParam(ctx, "total", 1, RecordQuery.MAX_TOTAL), QueryParams.intParam(ctx, "year", 1970, 9999),
                QueryParams.intParam(ctx, "month", 1, 12), zone, clock);
    }
}
