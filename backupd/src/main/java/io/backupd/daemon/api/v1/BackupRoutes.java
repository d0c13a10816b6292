package io.backupd.daemon.api.v1;

import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.CatalogRebuild;
import io.backupd.daemon.backup.inventory.BackupDeletion;
import io.backupd.daemon.backup.inventory.BackupListing;
import io.backupd.daemon.backup.inventory.BackupLookup;
import io.backupd.daemon.backup.inventory.ListingFilter;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * {@code /backup/...}: the backups in this daemon's storage, read from the catalogs (see
 * {@code api-docs/daemon-backups.md}). Names and paths from the request are checked before
 * anything is read: {@code /}, {@code ..} and the like are 400, unknown backups 404.
 */
public final class BackupRoutes implements RouteGroup {
    /** Names the damaged catalogs a listing had to leave out; the body keeps its list shape. */
    static final String CORRUPT_HEADER = "X-Backupd-Corrupt-Catalogs";

    private final BackupLayout layout;
    private final BackupListing listing;
    private final BackupLookup lookup;
    private final BackupDeletion deletion;
    private final CatalogRebuild rebuild;

    public BackupRoutes(BackupLayout layout, BackupListing listing, BackupLookup lookup, BackupDeletion deletion,
                        CatalogRebuild rebuild) {
        this.layout = layout;
        this.listing = listing;
        this.lookup = lookup;
        this.deletion = deletion;
        this.rebuild = rebuild;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.get(PREFIX + "/backup/json", this::list);
        routes.get(PREFIX + "/backup/info/file/{name}", ctx -> ctx.json(lookup.find(ctx.pathParam("name"))
                .orElseThrow(() -> BackupException.notFound("no backup named '" + ctx.pathParam("name") + "' in this storage"))
                .entry().toEntity()));
        routes.get(PREFIX + "/backup/filelist/dir/<path>", this::fileList);
        routes.post(PREFIX + "/backup/delete", ctx -> ctx.json(deleted(deletion.delete(
                RequestFields.of(ctx).all("files"), "delete request from " + ctx.ip()))));
        routes.post(PREFIX + "/backup/catalog/rebuild", this::rebuildCatalog);
    }

    private void list(Context ctx) {
        ListingFilter filter = ListingFilter.of(layout, ctx.queryParams("dir"), ctx.queryParam("app"), ctx.queryParam("proc"));
        BackupListing.Listing found = listing.list(filter);
        if (!found.corruptCatalogs().isEmpty()) {
            ctx.header(CORRUPT_HEADER, String.join(",", found.corruptCatalogs()));
        }
        ctx.json(found.backups());
    }

    /** Incremental snapshots come with a later version; until then every name is unknown, but a bad one is still bad. */
    private void fileList(Context ctx) {
        String path = layout.checkSnapshotName(ctx.pathParam("path"), "dir");
        throw BackupException.notFound("no incremental backup named '" + path + "': this daemon keeps full backups only;"
                + " incremental snapshots are not available in this version");
    }

    private void rebuildCatalog(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        BackupTarget target = layout.target(Map.of(
                JobArgs.APP, fields.required(JobArgs.APP),
                JobArgs.PROC, fields.required(JobArgs.PROC),
                JobArgs.INSTANCE_NO, fields.required(JobArgs.INSTANCE_NO),
                JobArgs.VOLUME, fields.required(JobArgs.VOLUME)));
        ctx.json(rebuild.rebuild(target, "catalog rebuild request from " + ctx.ip()));
    }

    private static Map<String, Object> deleted(BackupDeletion.Deleted deleted) {
        return deleted.orphaned().isEmpty() ? Map.of("deleted", deleted.deleted())
                : Map.of("deleted", deleted.deleted(), "orphaned", deleted.orphaned());
    }
}
