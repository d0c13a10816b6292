package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.common.spec.BackupMode;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.full.StoredArchive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one backup run has done so far, so that whatever step fails, the record still tells which
 * archive was stored and what the hooks printed. Used by one thread.
 */
final class BackupRun {
    private final BackupTarget target;
    private final Instant started;
    private final BackupMode mode;
    private final VolumeLocks.Held volume;
    private final List<RuntimeException> failures = new ArrayList<>();
    private HookReport pre;
    private HookReport post;
    private String name;
    private StoredArchive archive;
    private String catalog;
    private Map<String, Object> snapshot;

    BackupRun(BackupTarget target, Instant started, BackupMode mode, VolumeLocks.Held volume) {
        this.target = target;
        this.started = started;
        this.mode = mode;
        this.volume = volume;
    }

    Instant started() {
        return started;
    }

    /**
     * Runs pre_run and records its report; false when it failed, or was refused before it ran, and the
     * backup must not be taken.
     */
    boolean preRun(Supplier<HookReport> hook) {
        HookReport report;
        try {
            report = hook.get();
        } catch (BackupException e) {
            failures.add(new BackupException(e.code(), e.getMessage() + "; no backup was taken", e.details(), e));
            return false;
        }
        pre = report;
        if (report.failed()) {
            failures.add(new IllegalStateException(report.failure() + "; no backup was taken"));
            return false;
        }
        return true;
    }

    void archived(String archiveName, StoredArchive stored) {
        name = archiveName;
        archive = stored;
    }

    /** An incremental backup's snapshot was written (and so is listed): its name, parent and totals. */
    void snapshotted(Map<String, Object> taken) {
        snapshot = taken;
    }

    /** The archive is listed in {@code catalogKey}: the backup is visible. */
    void cataloged(String catalogKey) {
        catalog = catalogKey;
    }

    StoredArchive archive() {
        return archive;
    }

    void postRun(HookReport report) {
        post = report;
        if (report.failed()) {
            String stored = archive != null ? name : snapshot != null ? (String) snapshot.get("name") : null;
            String kept = stored == null ? "" : "; the backup " + stored + " was stored";
            failures.add(new IllegalStateException(report.failure() + kept));
        }
    }

    void failed(RuntimeException e) {
        failures.add(e);
    }

    /** The record's result when every step succeeded; otherwise throws a TaskFailure carrying it. */
    Map<String, Object> outcome(Instant end) {
        Map<String, Object> result = result(end);
        if (failures.isEmpty()) {
            return result;
        }
        String reason = String.join("; ", failures.stream().map(BackupRun::describe).toList());
        throw new TaskFailure(reason, result, failures.get(0));
    }

    private Map<String, Object> result(Instant end) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("app", target.app());
        r.put("proc", target.proc());
        r.put("volume", target.volume());
        r.put("instanceNo", target.instanceNo());
        r.put("mode", mode.wireName());
        if (snapshot != null) {
            r.putAll(snapshot);
            r.put("created", started.toString());
        }
        if (archive != null) {
            r.put("name", name);
            r.put("key", archive.key());
            r.put("format", archive.format().wireName());
            if (archive.memberIndexKey() != null) {
                r.put("memberIndex", archive.memberIndexKey());
            }
            r.put("size", archive.size());
            r.put("sha256", archive.sha256());
            r.put("files", archive.stats().files());
            r.put("entries", archive.stats().entries());
            r.put("bytes", archive.stats().bytes());
            r.put("skipped", archive.stats().skipped());
            r.put("changed", archive.stats().changed());
            r.put("created", started.toString());
        }
        if (catalog != null) {
            r.put("catalog", catalog);
        }
        r.put("durationMs", Duration.between(started, end).toMillis());
        volume.behind().ifPresent(rid -> {
            r.put("volumeWaitMs", volume.waited().toMillis());
            r.put("volumeWaitBehind", rid);
        });
        if (pre != null && pre.ran()) {
            r.put("preRun", pre.toResult());
        }
        if (post != null && post.ran()) {
            r.put("postRun", post.toResult());
        }
        return r;
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
