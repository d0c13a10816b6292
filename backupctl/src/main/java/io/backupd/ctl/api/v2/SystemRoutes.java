package io.backupd.ctl.api.v2;

import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.db.ControllerDb;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.ctl.records.AppRecords;
import io.backupd.http.RequestFields;
import io.backupd.http.auth.Access;
import io.backupd.http.auth.ClusterAuthenticator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller itself:
 * <ul>
 *   <li>{@code POST /api/v2/system/notify}: daemons report job records ({@link NotifyBody}); answers
 *       {@code {"stored": n}} once they are committed, n counting records that changed the store (a
 *       resent duplicate or a late {@code running} counts 0 but is still acknowledged); with a cluster
 *       secret only a node's credential is taken (401 otherwise) and only records of that node (403
 *       otherwise, nothing stored), see {@link RecordSender};</li>
 *   <li>{@code GET /api/v2/system/state}: the config source (kind, connected, last error), the apps,
 *       the entries the source skipped and why, and each daemon's dispatch status;</li>
 *   <li>{@code POST /api/v2/system/backup} form {@code dir} (optional): a consistent copy of the database
 *       as {@code <backup folder>/dir/backupctl.db}, mode 0600 (201 {@code {"file": ...}}; 403 when the
 *       controller was started without {@code --backup-dir}; 400 when {@code dir} is absolute, has
 *       {@code ..}, leads out of the backup folder or cannot be made or written; 409 when that file
 *       exists).</li>
 * </ul>
 */
public final class SystemRoutes implements RouteGroup {
    private final AppRecords records;
    private final ConfigSource source;
    private final Dispatcher dispatcher;
    private final ControllerDb db;
    private final Optional<Path> backupDir;

    /** {@code backupDir} is the only folder database copies go under; empty: copies are refused. */
    public SystemRoutes(AppRecords records, ConfigSource source, Dispatcher dispatcher, ControllerDb db, Optional<Path> backupDir) {
        this.records = records;
        this.source = source;
        this.dispatcher = dispatcher;
        this.db = db;
        this.backupDir = backupDir;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v2/system/notify", this::notify, Access.NODE);
        routes.get("/api/v2/system/state", this::state);
        routes.post("/api/v2/system/backup", this::backup);
    }

    private void notify(Context ctx) {
        List<JobRecord> posted = NotifyBody.read(ctx);
        String sender = ClusterAuthenticator.callerNode(ctx);
        if (sender != null) { // null: no cluster secret, so no node is known
            RecordSender.requireOwn(sender, posted);
        }
        ctx.json(Map.of("stored", records.putAll(posted)));
    }

    private void state(Context ctx) {
        ClusterState state = source.current();
        List<Map<String, Object>> apps = new ArrayList<>();
        state.apps().values().forEach(app -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", app.name());
            one.put("source", app.source());
            one.put("procs", List.copyOf(app.procs().keySet()));
            apps.add(one);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source.status());
        body.put("apps", apps);
        body.put("problems", state.problems());
        body.put("nodes", List.copyOf(dispatcher.nodes().values()));
        ctx.json(body);
    }

    private void backup(Context ctx) {
        Path root = backupDir.orElseThrow(() -> new BackupException(ErrorCode.FORBIDDEN,
                "database copies are not enabled on this controller; start it with --backup-dir <folder>"));
        Optional<String> dir = RequestFields.of(ctx).text("dir");
        if (dir.isPresent() && dir.get().isBlank()) {
            throw BackupException.invalid("dir is blank; leave it out for the backup folder itself");
        }
        Path path;
        try {
            path = Path.of(dir.orElse(""));
        } catch (InvalidPathException e) {
            throw BackupException.invalid("dir '" + dir.get() + "' is not a path: " + e.getReason());
        }
        ctx.status(201).json(Map.of("file", db.copyTo(root, path).toString()));
    }
}
