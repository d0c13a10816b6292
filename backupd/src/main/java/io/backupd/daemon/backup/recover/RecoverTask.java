package io.backupd.daemon.backup.recover;

import io.backupd.common.api.Job;
import io.backupd.common.error.BackupException;
import io.backupd.cron.Task;
import io.backupd.cron.TaskContext;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.restore.RestoreRequest;
import io.backupd.daemon.backup.restore.Restorer;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup_recover} and {@code backup_migrate} actions: put a full backup into a volume
 * on this node, replacing its whole content. Args are {@link RecoverRequest}'s. Fails (the
 * record's reason says why, the result names the backup and target as far as they are known, and
 * {@code error} the code) when the request does not plan ({@link RecoverPlanner}), the target is
 * busy (VOLUME_BUSY), the archive's digest differs from the catalog's (STORAGE_FAILED naming both),
 * the archive is unsafe or unreadable (INVALID_ARGUMENT with the extractor's reason), or the
 * swap fails. In every failure the volume keeps its old content; a crash is resolved at the next
 * start ({@link RestoreRecovery}). Thread-safe: restores of different volumes may run at once.
 */
public final class RecoverTask implements Task {
    private final RecoverPlanner planner;
    private final VolumeLocks locks;
    private final Storage storage;
    private final ArchiveFormats formats;
    private final Restorer restorer;

    public RecoverTask(RecoverPlanner planner, VolumeLocks locks, Storage storage, ArchiveFormats formats, Restorer restorer) {
        this.planner = planner;
        this.locks = locks;
        this.storage = storage;
        this.formats = formats;
        this.restorer = restorer;
    }

    /** A scheduled restore would replace the volume's content at every slot: it runs once, on request. */
    @Override
    public void check(Job job) {
        throw BackupException.invalid("action '" + job.action() + "' replaces a volume's content and cannot be"
                + " scheduled; run it with POST /api/v1/backup/full/recover/file/:file");
    }

    /**
     * The main path: find the backup's catalog entry and check the target volume (plan) → lock the
     * target → verify the archive's digest, extract it beside the volume, swap it in (Restorer) →
     * result. The plan is made again here, not trusted from the request's time: the backup may
     * have been deleted, or the volume removed, while the run waited for a worker.
     */
    @Override
    public Map<String, Object> run(TaskContext ctx) {
        RecoverPlan plan = null;
        try {
            plan = planner.plan(RecoverRequest.of(ctx.job().args()));
            CatalogEntry backup = plan.backup();
            try (VolumeLocks.Held held = locks.acquire(plan.volumeDir(), ctx.rid())) {
                Map<String, Object> restored = restorer.restore(new RestoreRequest(plan.volumeDir(), ctx.rid(),
                        new ArchiveInStorage(storage, backup.key(), backup.size(), ctx),
                        formats.lookup(backup.format()).decompressorFor(backup), backup.sha256(),
                        RestoreRequest.dataBoundOf(backup.bytes(), backup.files())));
                return result(plan, restored);
            }
        } catch (BackupException e) {
            // expected failures (unknown backup, busy volume, digest mismatch) need their reason, not a stack trace
            throw new TaskFailure(e.getMessage(), failure(plan, e), e);
        }
    }

    private static Map<String, Object> result(RecoverPlan plan, Map<String, Object> restored) {
        Map<String, Object> out = plan.describe();
        out.put("sha256", plan.backup().sha256());
        out.put("size", plan.backup().size());
        for (String key : List.of("files", "dirs", "symlinks", "hardLinks", "bytes", "durationMs", "notes")) {
            out.put(key, restored.get(key));
        }
        return out;
    }

    private static Map<String, Object> failure(RecoverPlan plan, BackupException e) {
        Map<String, Object> out = plan == null ? new LinkedHashMap<>() : plan.describe();
        out.put("error", e.code().name());
        if (!e.details().isEmpty()) {
            out.put("details", e.details());
        }
        return out;
    }
}
