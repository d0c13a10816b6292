package io.backupd.ctl.api.v2;

import io.backupd.common.error.BackupException;
import io.backupd.http.Fields;
import io.backupd.ctl.api.FilePages;
import io.backupd.ctl.api.Partial;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.backups.BackupRestores;
import io.backupd.ctl.backups.BackupService;
import io.backupd.http.Fields;
import io.backupd.http.QueryParams;
import io.backupd.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * An app's backups, {@code /api/v2/app/:app/proc/:proc/backups...} ({@code :proc} short or full):
 * <ul>
 *   <li>{@code GET .../backups[?volume=]}: every backup of the proc (header {@code X-Backupd-Unreachable}
 *       when a node did not answer);</li>
 *   <li>{@code GET .../backups/:file?open=false|true}: one backup, or the files inside an incremental one, one page
 *       at a time ({@code prefix}, {@code after}, {@code limit}; header {@code X-Backupd-Next-After} when there are more);</li>
 *   <li>{@code POST .../backups/actions/delete} form {@code files} (repeated): all or nothing, only the proc's own (403);</li>
 *   <li>{@code POST .../backups/:file/actions/recover} optional {@code instanceNo}, {@code files} → 202 {@code {rid}};</li>
 *   <li>{@code POST .../backups/:file/actions/migrate} {@code volume}, {@code to}, optional {@code files} → 202 {@code {rid}}.</li>
 * </ul>
 */
public final class BackupRoutes implements RouteGroup {
    private static final String BASE = "/api/v2/app/{app}/proc/{proc}/backups";

    private final BackupService backups;
    private final BackupRestores restores;

    public BackupRoutes(BackupService backups, BackupRestores restores) {
        this.backups = backups;
        this.restores = restores;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE, ctx -> {
            BackupService.Listing listing = backups.list(ctx.pathParam("app"), ctx.pathParam("proc"), ctx.queryParams("volume"));
            Partial.json(ctx, listing.backups(), listing.unreachable());
        });
        routes.get(BASE + "/{file}", ctx -> {
            if (QueryParams.boolParam(ctx, "open", false)) {
                FilePages.answer(ctx, backups.files(ctx.pathParam("app"), ctx.pathParam("proc"), ctx.pathParam("file"),
                        FilePages.query(ctx)));
            } else {
                ctx.json(backups.info(ctx.pathParam("app"), ctx.pathParam("proc"), ctx.pathParam("file")));
            }
        });
        routes.post(BASE + "/actions/delete", ctx ->
                ctx.json(backups.delete(ctx.pathParam("app"), ctx.pathParam("proc"), RequestFields.of(ctx).all("files"))));
        routes.post(BASE + "/{file}/actions/{action}", this::restore);
    }

    private void restore(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        String app = ctx.pathParam("app");
        String proc = ctx.pathParam("proc");
        String file = ctx.pathParam("file");
        String rid = switch (ctx.pathParam("action")) {
            case "recover" -> restores.recover(app, proc, file, Fields.instanceNo("instanceNo", fields.first("instanceNo")),
                    fields.all("files"));
            case "migrate" -> restores.migrate(app, proc, file, fields.required("volume"),
                    Fields.requiredInstanceNo("to", fields.first("to")), java.util.Optional.empty(), fields.all("files"));
            default -> throw BackupException.invalid("unknown action '" + Fields.printable(ctx.pathParam("action"))
                    + "'; expected recover or migrate");
        };
        ctx.status(202).json(Map.of("rid", rid));
    }
}
