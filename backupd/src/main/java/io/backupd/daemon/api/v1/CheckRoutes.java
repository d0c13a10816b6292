package io.backupd.daemon.api.v1;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobType;
import io.backupd.common.error.BackupException;
import io.backupd.common.api.RunAnswer;
import io.backupd.common.id.JobIds;
import io.backupd.cron.CronEngine;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.snapshot.SnapshotCheckTask;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import io.backupd.http.RequestFields;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code POST /backup/check}: verify a volume's snapshot repository on demand (form {@code app, proc,
 * instanceNo, volume}, optional {@code readData=true}); 202 {@code {rid}}, the record lists the problems.
 * Everything a request can get wrong is answered before a run is queued: a bad field is a 400, a
 * volume without a repository in storage a 404. The volume need not be on this node, nor in its job
 * set: the repository is in shared storage, and backups outlive the jobs that took them. One check
 * per volume at a time (the job id is the volume's).
 */
public final class CheckRoutes implements RouteGroup {
    private final BackupLayout layout;
    private final Storage storage;
    private final CronEngine engine;
    private final String nodeIp;

    public CheckRoutes(BackupLayout layout, Storage storage, CronEngine engine, String nodeIp) {
        this.layout = layout;
        this.storage = storage;
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
        boolean readData = readData(fields.text(SnapshotCheckTask.READ_DATA).orElse(""));
        requireRepository(target);
        Map<String, String> args = Map.of(JobArgs.APP, target.app(), JobArgs.PROC, target.proc(),
                JobArgs.INSTANCE_NO, Integer.toString(target.instanceNo()), JobArgs.VOLUME, target.volume(),
                SnapshotCheckTask.READ_DATA, Boolean.toString(readData));
        String id = JobIds.of(nodeIp, "", SnapshotCheckTask.ACTION, volume);
        ctx.status(202).json(new RunAnswer(engine.runOnce(Job.of(id, "", SnapshotCheckTask.ACTION, args, JobType.ONCE))));
    }

    private static boolean readData(String value) {
        return switch (value.trim()) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw BackupException.invalid("field '" + SnapshotCheckTask.READ_DATA + "' is '" + value
                    + "'; expected true or false");
        };
    }

    /** NOT_FOUND unless the volume's repository folder in storage holds anything: else the run could only fail. */
    private void requireRepository(BackupTarget target) {
        try (Stream<ObjectInfo> objects = storage.list(layout.incrementPrefix(target))) {
            if (objects.findAny().isEmpty()) {
                throw BackupException.notFound("no incremental backups of " + target.proc() + " instance "
                        + target.instanceNo() + " " + target.volume() + " in this storage: there is no repository to check");
            }
        }
    }
}
