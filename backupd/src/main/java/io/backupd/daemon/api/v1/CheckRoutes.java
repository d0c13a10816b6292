package io.backupd.daemon.api.v1;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobType;
import io.backupd.common.api.RunAnswer;
import io.backupd.common.id.JobIds;
import io.backupd.cron.CronEngine;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.snapshot.SnapshotCheckTask;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * {@code POST /backup/check}: verify a volume's snapshot repository on demand (form {@code app, proc,
 * instanceNo, volume}, optional {@code readData=true}); 202 {@code {rid}}, the record lists the problems.
 * Fields are checked before anything runs. One check per volume at a time (the job id is the volume's).
 */
public final class CheckRoutes implements RouteGroup {
    private final BackupLayout layout;
    private final CronEngine engine;
    private final String nodeIp;

    public CheckRoutes(BackupLayout layout, CronEngine engine, String nodeIp) {
        this.layout = layout;
        this.engine = engine;
        this.nodeIp = nodeIp;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.post(PREFIX + "/backup/check", this::check);
    }

    private void check(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        Map<String, String> volume = Map.of(
                JobArgs.APP, fields.required(JobArgs.APP),
                JobArgs.PROC, fields.required(JobArgs.PROC),
                JobArgs.INSTANCE_NO, fields.required(JobArgs.INSTANCE_NO),
                JobArgs.VOLUME, fields.required(JobArgs.VOLUME));
        BackupTarget target = layout.target(volume);
        Map<String, String> args = Map.of(JobArgs.APP, target.app(), JobArgs.PROC, target.proc(),
                JobArgs.INSTANCE_NO, Integer.toString(target.instanceNo()), JobArgs.VOLUME, target.volume(),
                SnapshotCheckTask.READ_DATA, Boolean.toString("true".equalsIgnoreCase(fields.text(SnapshotCheckTask.READ_DATA).orElse(""))));
        String id = JobIds.of(nodeIp, "", SnapshotCheckTask.ACTION, volume);
        ctx.status(202).json(new RunAnswer(engine.runOnce(Job.of(id, "", SnapshotCheckTask.ACTION, args, JobType.ONCE))));
    }
}
