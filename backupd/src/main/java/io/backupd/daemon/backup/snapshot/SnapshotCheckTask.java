package io.backupd.daemon.backup.snapshot;

import io.backupd.common.api.Job;
import io.backupd.common.error.BackupException;
import io.backupd.cron.Task;
import io.backupd.cron.TaskContext;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.increment.CheckProblem;
import io.backupd.daemon.backup.increment.CheckReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup_check} action: verify one volume's snapshot repository (args {@code app, proc,
 * instanceNo, volume}, optional {@code readData=true} to read and hash every chunk). Reports, never
 * repairs. The run fails when problems are found, and its result lists them with the snapshots
 * (by backup name), files, chunks and packs they affect. Thread-safe.
 */
public final class SnapshotCheckTask {
    public static final String ACTION = io.backupd.common.api.JobActions.BACKUP_CHECK;
    public static final String READ_DATA = "readData";

    private SnapshotCheckTask() {
    }

    /** The task; it schedules a job whose target is a safe path on this node. */
    public static Task of(BackupLayout layout, SnapshotRepositories repositories) {
        return new Task() {
            @Override
            public Map<String, Object> run(TaskContext ctx) {
                return SnapshotCheckTask.run(layout, repositories, ctx);
            }

            @Override
            public void check(Job job) {
                layout.target(job.args());
            }
        };
    }

    private static Map<String, Object> run(BackupLayout layout, SnapshotRepositories repositories, TaskContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            BackupTarget target = layout.target(ctx.job().args());
            boolean readData = "true".equalsIgnoreCase(ctx.arg(READ_DATA));
            CheckReport report = repositories.of(target).check(readData);
            out.put("ok", report.ok());
            out.put("readData", readData);
            out.put("snapshots", report.snapshots());
            out.put("packs", report.packs());
            out.put("blobs", report.blobs());
            out.put("problemCount", report.problemCount());
            out.put("problems", report.problems().stream().map(p -> problem(layout, target, p)).toList());
            out.put("notes", report.notes());
            if (!report.ok()) {
                throw new TaskFailure(report.problemCount() + " problem(s) in the snapshots of " + target.proc() + " instance "
                        + target.instanceNo() + " " + target.volume() + "; first: " + report.problems().get(0).message(), out, null);
            }
            return out;
        } catch (BackupException e) {
            out.put("error", e.code().name());
            throw new TaskFailure(e.getMessage(), out, e);
        }
    }

    private static Map<String, Object> problem(BackupLayout layout, BackupTarget target, CheckProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind().name());
        m.put("message", p.message());
        for (Map.Entry<String, String> f : List.of(
                Map.entry("snapshot", p.snapshot() == null ? "" : layout.snapshotName(target, p.snapshot())),
                Map.entry("path", p.path() == null ? "" : p.path()),
                Map.entry("chunk", p.chunk() == null ? "" : p.chunk()),
                Map.entry("pack", p.pack() == null ? "" : p.pack()))) {
            if (!f.getValue().isEmpty()) {
                m.put(f.getKey(), f.getValue());
            }
        }
        return m;
    }
}
