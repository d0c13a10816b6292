package io.backupd.ctl.api;

import io.backupd.ctl.daemons.DaemonBackups;
import io.backupd.ctl.daemons.DaemonBackups.FilePage;
import io.backupd.ctl.daemons.DaemonBackups.FileQuery;
import io.backupd.http.QueryParams;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * A file listing's paging at the controller's edge, the same for v1 {@code filelist} and v2
 * {@code ?open=true}: the query parameters {@code prefix}, {@code after} and {@code limit} go to the
 * daemon as they are, and its {@code X-Backupd-Next-After} comes back, so a listing longer than a
 * page is paged through rather than cut short.
 */
public final class FilePages {
    /** The daemon's own bound on one page. */
    static final int MAX_LIMIT = 100_000;

    private FilePages() {
    }

    /** The page the request asks for; INVALID_ARGUMENT for a {@code limit} that is not 1 to {@value #MAX_LIMIT}. */
    public static FileQuery query(Context ctx) {
        return new FileQuery(text(ctx, "prefix"), text(ctx, "after"), QueryParams.intParam(ctx, "limit", 1, MAX_LIMIT));
    }

    /** The page's entries as the body; the next page's cursor, if any, in {@link DaemonBackups#NEXT_AFTER}. */
    public static void answer(Context ctx, FilePage page) {
        page.nextAfter().ifPresent(next -> ctx.header(DaemonBackups.NEXT_AFTER, next));
        ctx.json(page.files());
    }

    private static Optional<String> text(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(value -> !value.isEmpty());
    }
}
