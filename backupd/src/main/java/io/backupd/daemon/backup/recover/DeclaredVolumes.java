package io.backupd.daemon.backup.recover;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobActions;
import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.expire.JobSetView;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The volumes a restore may write into: those this daemon's job set declares, i.e. the targets
 * (app, proc, instance, volume) of its {@code backup} jobs, and of those only the backup's own
 * volume. The daemon is called directly too, not only by a controller that checked the target, so
 * it refuses on its own a target that would replace a directory no app declared for backup (a
 * parent of a volume, {@code /etc}, an instance this node backs up nothing of). Thread-safe: each
 * check reads a fresh snapshot of the job set.
 */
final class DeclaredVolumes {
    private final BackupLayout layout;
    private final JobSetView jobs;

    DeclaredVolumes(BackupLayout layout, JobSetView jobs) {
        this.layout = layout;
        this.jobs = jobs;
    }

    /**
     * INVALID_ARGUMENT naming {@code field} (in the message and {@code details.field}) unless
     * {@code target} is {@code source}'s volume and a volume the job set declares.
     */
    void require(BackupTarget source, BackupTarget target, String field) {
        if (!target.volume().equals(source.volume())) {
            throw invalid(field, "backup of volume " + source.volume() + " cannot be restored into volume " + target.volume()
                    + ": a backup is only restored or migrated into the volume it was taken of", target);
        }
        List<BackupTarget> declared = backedUp();
        if (!declared.contains(target)) {
            throw invalid(field, "volume " + target.volume() + " of " + target.proc() + " instance " + target.instanceNo()
                    + " is not one this node backs up (its job set declares "
                    + declared.stream().filter(t -> t.app().equals(target.app())).map(DeclaredVolumes::describe).toList()
                    + " for app " + target.app() + ")", target);
        }
    }

    private List<BackupTarget> backedUp() {
        return jobs.jobs().stream().filter(job -> JobActions.BACKUP.equals(job.action()))
                .map(this::targetOf).filter(Objects::nonNull).distinct().toList();
    }

    private BackupTarget targetOf(Job job) {
        try {
            return layout.target(job.args());
        } catch (BackupException e) {
            return null; // refused when the job set was put; a job that names no volume declares none
        }
    }

    private static String describe(BackupTarget t) {
        return t.proc() + "/" + t.instanceNo() + t.volume();
    }

    private static BackupException invalid(String field, String why, BackupTarget target) {
        return new BackupException(ErrorCode.INVALID_ARGUMENT, "field '" + field + "': " + why + "; nothing was restored",
                Map.of("field", field, JobArgs.PROC, target.proc(), JobArgs.INSTANCE_NO, target.instanceNo(),
                        JobArgs.VOLUME, target.volume()), null);
    }
}
