package io.backupd.daemon.api.v1;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.CatalogRebuild;
import io.backupd.daemon.backup.inventory.BackupDeletion;
import io.backupd.daemon.backup.inventory.BackupListing;
import io.backupd.daemon.backup.inventory.BackupLookup;
import io.backupd.daemon.backup.increment.FilePage;
import io.backupd.daemon.backup.inventory.ListingFilter;
import io.backupd.daemon.backup.snapshot.SnapshotInventory;
import io.backupd.http.QueryParams;
import io.backupd.http.RequestFields;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /backup/...}: the backups in this daemon's storage, read from the catalogs (see
 * {@code api-docs/daemon-backups.md}). Names and paths from the request are checked before
 * anything is read: {@code /}, {@code ..} and the like are 400, unknown backups 404.
 */
public final class BackupRoutes implements RouteGroup {
    /** Names the damaged catalogs a listing had to leave out; the body keeps its list shape. */
    static final String CORRUPT_HEADER = "X-Backupd-Corrupt-Catalogs";
    /** The {@code after} cursor of a file listing's next page; absent on the last page. */
    static final String NEXT_HEADER = "X-Backupd-Next-After";
    /** Files per page when {@code limit} is not given (the controller passes on the caller's {@code limit}, if any). */
    private static final int DEFAULT_FILES = 10_000;
    private static final int MAX_FILES = 100_000;

    private final BackupLayout layout;
    private final BackupListing listing;
    private final BackupLookup lookup;
    private final BackupDeletion deletion;
    private final CatalogRebuild rebuild;
    private final SnapshotInventory snapshots;

    public BackupRoutes(BackupLayout layout, BackupListing listing, BackupLookup lookup, BackupDeletion deletion,
                        CatalogRebuild rebuild, SnapshotInventory snapshots) {
        this.layout = layout;
        this.listing = listing;
        this.lookup = lookup;
        this.deletion = deletion;
        this.rebuild = rebuild;
        this.snapshots = snapshots;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.get(PREFIX + "/backup/json", this::list);
        routes.get(PREFIX + "/backup/info/file/{name}", this::info);
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

    /** A full backup from its catalog, else an incremental snapshot from its repository. */
    private void info(Context ctx) {
        String name = ctx.pathParam("name");
        Optional<BackupEntity> found = lookup.find(name).map(l -> l.entry().toEntity())
                .or(() -> snapshots.find(name).map(SnapshotInventory.Located::entity));
        ctx.json(found.orElseThrow(() -> BackupException.notFound("no backup named '" + name + "' in this storage")));
    }

    /**
     * {@code <name>[/<prefix…>]}: the files of a snapshot, one page ({@code ?prefix=&after=&limit=});
     * when there are more, {@link #NEXT_HEADER} holds the {@code after} of the next page.
     */
    private void fileList(Context ctx) {
        String path = layout.checkSnapshotName(ctx.pathParam("path"), "dir");
        int slash = path.indexOf('/');
        String name = slash < 0 ? path : path.substring(0, slash);
        String inPath = slash < 0 ? "" : trimSlashes(path.substring(slash + 1));
        String query = ctx.queryParam("prefix") == null ? "" : trimSlashes(layout.checkSnapshotName(ctx.queryParam("prefix"), "prefix"));
        String prefix = inPath.isEmpty() ? query : query.isEmpty() ? inPath : inPath + "/" + query;
        String after = ctx.queryParam("after") == null ? null : layout.checkSnapshotName(ctx.queryParam("after"), "after");
        FilePage page = snapshots.files(name, prefix, after, QueryParams.intParam(ctx, "limit", 1, MAX_FILES).orElse(DEFAULT_FILES));
        if (page.next() != null) {
            ctx.header(NEXT_HEADER, page.next());
        }
        ctx.json(page.entries());
    }

    private static String trimSlashes(String value) {
        String v = value;
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
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
