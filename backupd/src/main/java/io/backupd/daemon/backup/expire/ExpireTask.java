package io.backupd.daemon.backup.expire;

import io.backupd.common.api.BackupJob;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobActions;
import io.backupd.common.api.UnknownArgValue;
import io.backupd.common.error.BackupException;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.ExpirePeriod;
import io.backupd.cron.Task;
import io.backupd.cron.TaskContext;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.CatalogRebuild;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.snapshot.SnapshotExpiry;
import io.backupd.daemon.backup.snapshot.SnapshotExpiryOutcome;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup_expire} action, one job per node (no args): for every volume that a
 * {@code backup} job in this daemon's job set protects, deletes the full backups older than the
 * job's {@code expire} arg ({@code 30d}; empty keeps them forever), never the newest complete one.
 * Volumes that no job names any more are left alone: their backups are kept until deleted by hand.
 *
 * <p>Result: {@code volumes: [{app, proc, instanceNo, volume, expire, deleted: [{name, created,
 * size}], kept}]}, {@code skipped: [{..., reason}]}, {@code deletedCount}, {@code deletedBytes}.
 * Volumes of {@code increment} backup jobs: their snapshots older than {@code expire} are forgotten
 * (never the newest) and the repository pruned ({@link SnapshotExpiry}); one whose repository is
 * locked is skipped. A busy volume is skipped (the next run gets it) and the run still succeeds; a damaged catalog,
 * a bad expire or a storage error fails the run, with the same result attached. Thread-safe.
 */
public final class ExpireTask implements Task {
    private final JobSetView jobs;
    private final BackupLayout layout;
    private final VolumeExpiry expiry;
    private final SnapshotExpiry snapshots;
    private final Clock clock;

    public ExpireTask(JobSetView jobs, BackupLayout layout, VolumeLocks locks, CatalogStore catalogs, CatalogRebuild rebuild,
                      Storage storage, SnapshotExpiry snapshots, Clock clock) {
        this.jobs = jobs;
        this.layout = layout;
        this.expiry = new VolumeExpiry(layout, locks, catalogs, rebuild, storage);
        this.snapshots = snapshots;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> run(TaskContext ctx) {
        Instant now = clock.instant();
        List<Map<String, Object>> volumes = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long count = 0;
        long bytes = 0;
        for (Map.Entry<BackupTarget, String> volume : plan(failures, skipped, BackupMode.FULL).entrySet()) {
            if (ctx.cancelled()) {
                failures.add("cancelled before all volumes were expired");
                break;
            }
            VolumeOutcome outcome = expiry.expire(volume.getKey(), volume.getValue(), now, ctx.rid());
            (outcome.skipped() == null ? volumes : skipped).add(outcome.toResult());
            if (outcome.failed()) {
                failures.add(volume.getKey().proc() + " " + volume.getKey().instanceNo() + " " + volume.getKey().volume()
                        + ": " + outcome.skipped());
            }
            failures.addAll(outcome.errors());
            count += outcome.deleted().size();
            bytes += outcome.deletedBytes();
            ctx.progress().advance(outcome.deletedBytes(), outcome.deleted().size());
        }
        for (Map.Entry<BackupTarget, String> volume : plan(failures, skipped, BackupMode.INCREMENT).entrySet()) {
            if (ctx.cancelled()) {
                failures.add("cancelled before all snapshot repositories were expired");
                break;
            }
            try {
                SnapshotExpiryOutcome outcome = snapshots.expire(volume.getKey(), volume.getValue(), now);
                (outcome.skipped() == null ? volumes : skipped).add(outcome.toResult());
            } catch (BackupException e) {
                failures.add(volume.getKey().proc() + " " + volume.getKey().instanceNo() + " " + volume.getKey().volume()
                        + " (snapshots): " + e.getMessage());
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("volumes", volumes);
        result.put("skipped", skipped);
        result.put("deletedCount", count);
        result.put("deletedBytes", bytes);
        if (!failures.isEmpty()) {
            throw new TaskFailure(String.join("; ", failures), result, null);
        }
        return result;
    }

    /**
     * The volumes of the job set's backup jobs of {@code mode} and the expire of each. Two jobs of one volume
     * (two schedules) keep backups as long as the longer expire says; one without expire keeps them.
     */
    private Map<BackupTarget, String> plan(List<String> failures, List<Map<String, Object>> skipped, BackupMode mode) {
        Map<BackupTarget, String> plan = new LinkedHashMap<>();
        for (Job job : jobs.jobs()) {
            if (!JobActions.BACKUP.equals(job.action()) || modeOf(job) != mode) {
                continue;
            }
            try {
                BackupJob backup = BackupJob.parse(job);
                plan.merge(layout.target(backup.target()), backup.expire(), ExpireTask::longer);
            } catch (BackupException e) {
                failures.add("job " + job.id() + ": " + e.getMessage());
                skipped.add(Map.of("job", job.id(), "reason", e.getMessage()));
            }
        }
        return plan;
    }

    private static String longer(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return "";
        }
        return ExpirePeriod.parse(a).compareTo(ExpirePeriod.parse(b)) >= 0 ? a : b;
    }

    /** The job's mode; null for one this daemon does not know (its backups fail anyway, with the reason). */
    private static BackupMode modeOf(Job job) {
        try {
            return BackupJob.modeOf(job);
        } catch (UnknownArgValue e) {
            return null;
        }
    }
}
