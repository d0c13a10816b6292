package io.backupd.daemon.backup.recover;

import io.backupd.common.api.Job;
import io.backupd.common.error.BackupException;
import io.backupd.common.spec.BackupMode;
import io.backupd.cron.Task;
import io.backupd.cron.TaskContext;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.increment.RestoreResult;
import io.backupd.daemon.backup.snapshot.SnapshotRepositories;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup_recover_files} action: restore files of an incremental snapshot into a volume on
 * this node (its own volume: a recover; another instance's: a migrate). Args are
 * {@link RecoverRequest}'s plus {@code files} (patterns, one per line). Unlike a full recover it
 * does not replace the volume: matching files are written in place, each to a temporary name,
 * verified chunk by chunk and renamed; other files are left alone. A damaged or missing chunk fails
 * the run with STORAGE_FAILED naming the files it affects (the others are restored). Thread-safe.
 */
public final class FilesRecoverTask implements Task {
    private final FilesRecoverPlanner planner;
    private final VolumeLocks locks;
    private final SnapshotRepositories repositories;

    public FilesRecoverTask(FilesRecoverPlanner planner, VolumeLocks locks, SnapshotRepositories repositories) {
        this.planner = planner;
        this.locks = locks;
        this.repositories = repositories;
    }

    /** A scheduled restore would write the files back at every slot: it runs once, on request. */
    @Override
    public void check(Job job) {
        throw BackupException.invalid("action '" + job.action() + "' overwrites files of a volume and cannot be"
                + " scheduled; run it with POST /api/v1/backup/increment/recover/dir/:dir");
    }

    /** The main path: plan again (the snapshot or volume may be gone) → lock the target → restore → result. */
    @Override
    public Map<String, Object> run(TaskContext ctx) {
        FilesRecoverPlanner.FilesPlan plan = null;
        try {
            String files = ctx.job().args().getOrDefault(FilesRecoverPlanner.FILES, "");
            plan = planner.plan(RecoverRequest.of(ctx.job().args()),
                    files.isEmpty() ? List.of() : Arrays.asList(files.split("\n")));
            try (VolumeLocks.Held held = locks.acquire(plan.plan().volumeDir(), ctx.rid())) {
                RestoreResult r = repositories.ofFolder(plan.plan().namespace())
                        .restore(plan.snapshotId(), plan.files(), plan.plan().volumeDir());
                Map<String, Object> out = plan.plan().describe();
                out.put("mode", BackupMode.INCREMENT.wireName());
                out.put("patterns", plan.files());
                out.put("files", r.files());
                out.put("dirs", r.dirs());
                out.put("symlinks", r.symlinks());
                out.put("bytes", r.bytes());
                out.put("durationMs", r.elapsed().toMillis());
                return out;
            }
        } catch (BackupException e) {
            Map<String, Object> out = plan == null ? new LinkedHashMap<>() : plan.plan().describe();
            out.put("error", e.code().name());
            if (!e.details().isEmpty()) {
                out.put("details", e.details());
            }
            throw new TaskFailure(e.getMessage(), out, e);
        }
    }
}
