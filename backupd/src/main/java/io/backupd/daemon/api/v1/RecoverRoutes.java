package io.backupd.daemon.api.v1;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.RunAnswer;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.cron.CronEngine;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.recover.FilesRecoverPlanner;
import io.backupd.daemon.backup.recover.RecoverPlan;
import io.backupd.daemon.backup.recover.RecoverPlanner;
import io.backupd.daemon.backup.recover.RecoverRequest;
import io.backupd.http.RequestFields;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /backup/full/recover/file/:file} (recover, and migrate when the target is another
 * volume of the same app) and {@code POST /backup/increment/recover/dir/:file}; fields and answers
 * in {@code api-docs/daemon-backups.md}. Everything is checked before a run is queued, so a bad,
 * unknown or forbidden request is a 4xx and nothing runs; a volume busy now is a 409 at once.
 */
public final class RecoverRoutes implements RouteGroup {

    private final BackupLayout layout;
    private final RecoverPlanner planner;
    private final FilesRecoverPlanner filesPlanner;
    private final VolumeLocks locks;
    private final CronEngine engine;
    private final String nodeIp;

    public RecoverRoutes(BackupLayout layout, RecoverPlanner planner, FilesRecoverPlanner filesPlanner, VolumeLocks locks,
                         CronEngine engine, String nodeIp) {
        this.layout = layout;
        this.planner = planner;
        this.filesPlanner = filesPlanner;
        this.locks = locks;
        this.engine = engine;
        this.nodeIp = nodeIp;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.post(PREFIX + "/backup/full/recover/file/{file}", this::recoverFull);
        routes.post(PREFIX + "/backup/increment/recover/dir/<file>", this::recoverIncrement);
    }

    private void recoverFull(Context ctx) {
        RecoverPlan plan = planner.plan(request(ctx.pathParam("file"), RequestFields.of(ctx)));
        ctx.status(202).json(new RunAnswer(queue(plan, plan.job(nodeIp))));
    }

    /** Files of an incremental snapshot: checked and planned now, restored by a {@code backup_recover_files} run. */
    private void recoverIncrement(Context ctx) {
        String name = layout.checkSnapshotName(ctx.pathParam("file"), "dir");
        RequestFields fields = RequestFields.of(ctx);
        FilesRecoverPlanner.FilesPlan plan = filesPlanner.plan(request(name, fields), fields.all("files"));
        ctx.status(202).json(new RunAnswer(queue(plan.plan(), plan.plan().job(nodeIp, FilesRecoverPlanner.ACTION, plan.extraArgs()))));
    }

    private String queue(RecoverPlan plan, Job job) {
        Optional<String> holder = locks.holder(plan.volumeDir());
        if (holder.isPresent()) {
            throw busy(plan, "run " + holder.get(), holder.get());
        }
        try {
            return engine.runOnce(job);
        } catch (BackupException e) {
            // the job id is the target volume's: a CONFLICT means a recover or migrate into it is queued or running
            throw e.code() == ErrorCode.CONFLICT ? busy(plan, "another recover or migrate (" + e.getMessage() + ")", null) : e;
        }
    }

    private static RecoverRequest request(String file, RequestFields fields) {
        return new RecoverRequest(file, text(fields, RecoverRequest.NAMESPACE), text(fields, RecoverRequest.DEST_DIR),
                text(fields, JobArgs.APP), text(fields, JobArgs.PROC), text(fields, JobArgs.INSTANCE_NO),
                text(fields, JobArgs.VOLUME));
    }

    private static String text(RequestFields fields, String name) {
        return fields.text(name).orElse(null);
    }

    private static BackupException busy(RecoverPlan plan, String holder, String rid) {
        Map<String, Object> details = rid == null ? Map.of("volume", plan.volumeDir().toString())
                : Map.of("volume", plan.volumeDir().toString(), "rid", rid);
        return new BackupException(ErrorCode.VOLUME_BUSY, "volume " + plan.volumeDir() + " is busy with " + holder
                + "; nothing was started", details, null);
    }
}
