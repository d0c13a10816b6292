package io.backupd.ctl.daemons;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.BackupEntity;
import io.backupd.common.json.Json;
import java.util.List;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The daemon's {@code /api/v1/backup} endpoints, over a {@link DaemonClient}'s transport (same
 * timeouts, same error decoding). Names and paths are passed as single, encoded URL segments, so a
 * name can never address another endpoint; callers validate them before they get here. Thread-safe.
 */
public final class DaemonBackups {
    private static final TypeReference<List<BackupEntity>> ENTITIES = new TypeReference<>() {
    };

    private final DaemonClient client;

    public DaemonBackups(DaemonClient client) {
        this.client = client;
    }

    /**
     * The form of a restore, as the daemon's recover endpoints take it. The target is named by app,
     * proc, instance and volume rather than by {@code destDir} (the target's directory on the node):
     * the daemon resolves that under its own volume root, which the controller does not know.
     *
     * @param namespace  where the backup came from, its folder in storage:
     *                   {@code <app>/<procfullname>/<instanceNo>/<volume path without the leading />}
     * @param app        the target's app (always the backup's: the controller never restores across apps)
     * @param proc       the target proc's full name
     * @param instanceNo the target instance (the backup's own for a recover, {@code to} for a migrate)
     * @param volume     the target volume as declared ({@code /var/lib/mysql})
     * @param files      for incremental backups: the files to restore ({@code *} = all); empty for full ones
     */
    public record RestoreForm(String namespace, String app, String proc, int instanceNo, String volume, List<String> files) {
        public RestoreForm {
            files = List.copyOf(files);
        }
    }

    /** {@code GET /backup/json?app=&proc=&dir=...}: the backups of one proc, optionally of some volumes only. */
    public List<BackupEntity> list(String node, String app, String proc, List<String> volumes) {
        HttpUrl.Builder url = client.url(node, "api/v1/backup/json").newBuilder()
                .addQueryParameter("app", app).addQueryParameter("proc", proc);
        volumes.forEach(v -> url.addQueryParameter("dir", v));
        JsonNode answer = client.call(node, new Request.Builder().url(url.build()).get());
        return Json.mapper().convertValue(answer, ENTITIES);
    }

    /** {@code GET /backup/info/file/:name}; NOT_FOUND when the storage has no such backup. */
    public BackupEntity info(String node, String name) {
        HttpUrl url = client.url(node, "api/v1/backup/info/file").newBuilder().addPathSegment(name).build();
        return Json.mapper().convertValue(client.call(node, new Request.Builder().url(url).get()), BackupEntity.class);
    }

    /** The daemon's header naming the {@code after} of a file listing's next page; absent on the last page. */
    public static final String NEXT_AFTER = "X-Backupd-Next-After";

    /**
     * Which page of a file listing to ask for; each part is passed to the daemon as the query
     * parameter of the same name when present (the daemon checks them and pages by its own default).
     *
     * @param prefix only entries at or below this path inside the backup
     * @param after  start after this path: the {@link #NEXT_AFTER} of the previous page
     * @param limit  at most this many entries
     */
    public record FileQuery(Optional<String> prefix, Optional<String> after, Optional<Integer> limit) {
    }

    /** One page of a file listing: the entries as the daemon sent them, and the next page's cursor, if any. */
    public record FilePage(JsonNode files, Optional<String> nextAfter) {
    }

    /** {@code GET /backup/filelist/dir/:name}: one page of the files inside an incremental backup; NOT_FOUND when there is none. */
    public FilePage fileList(String node, String name, FileQuery query) {
        HttpUrl.Builder url = client.url(node, "api/v1/backup/filelist/dir").newBuilder().addPathSegment(name);
        query.prefix().ifPresent(prefix -> url.addQueryParameter("prefix", prefix));
        query.after().ifPresent(after -> url.addQueryParameter("after", after));
        query.limit().ifPresent(limit -> url.addQueryParameter("limit", Integer.toString(limit)));
        DaemonClient.Reply reply = client.exchange(node, new Request.Builder().url(url.build()).get());
        return new FilePage(reply.body(), Optional.ofNullable(reply.headers().get(NEXT_AFTER)));
    }

    /** {@code POST /backup/delete} with {@code files} repeated; the daemon deletes all or nothing. */
    public JsonNode delete(String node, List<String> names) {
        FormBody.Builder form = new FormBody.Builder();
        names.forEach(name -> form.add("files", name));
        return client.call(node, new Request.Builder().url(client.url(node, "api/v1/backup/delete")).post(form.build()));
    }

    /** Restores a full backup ({@code POST /backup/full/recover/file/:name}); returns the run's rid. */
    public String recoverFull(String node, String name, RestoreForm form) {
        return restore(node, "api/v1/backup/full/recover/file", name, form);
    }

    /** Restores files of an incremental backup ({@code POST /backup/increment/recover/dir/:name}); returns the rid. */
    public String recoverIncrement(String node, String name, RestoreForm form) {
        return restore(node, "api/v1/backup/increment/recover/dir", name, form);
    }

    private String restore(String node, String path, String name, RestoreForm restore) {
        FormBody.Builder form = new FormBody.Builder()
                .add("namespace", restore.namespace())
                .add("app", restore.app())
                .add("proc", restore.proc())
                .add("instanceNo", Integer.toString(restore.instanceNo()))
                .add("volume", restore.volume());
        restore.files().forEach(f -> form.add("files", f));
        HttpUrl url = client.url(node, path).newBuilder().addPathSegment(name).build();
        return client.rid(node, client.call(node, new Request.Builder().url(url).post(form.build())), "restore of " + name);
    }
}
