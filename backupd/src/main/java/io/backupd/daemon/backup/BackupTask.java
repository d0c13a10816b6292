package io.backupd.daemon.backup;

import io.backupd.common.api.BackupJob;
import io.backupd.common.api.Job;
import io.backupd.common.error.BackupException;
import io.backupd.common.spec.BackupMode;
import io.backupd.cron.Task;
import io.backupd.cron.TaskContext;
import io.backupd.cron.TaskFailure;
import io.backupd.daemon.backup.full.ArchiveProgress;
import io.backupd.daemon.backup.full.FullBackup;
import io.backupd.daemon.backup.snapshot.SnapshotBackup;
import io.backupd.daemon.hooks.HookRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup} action: one backup of one instance's volume. Args are a {@link BackupJob}'s.
 * Fails (the record's reason says why, the result keeps hook output) when the
 * args are invalid, no backup slot comes free in time, the volume is busy (a scheduled run waits
 * for it first, bounded: {@link BackupClaim}; the result's {@code volumeWaitMs} says how long) or missing,
 * {@code pre_run} fails, archiving or upload fails, the catalog cannot take the entry, or
 * {@code post_run} fails. Thread-safe: the engine may run backups of different volumes at once;
 * the slots bound how many, the volume lock keeps two off the same volume.
 */
public final class BackupTask implements Task {
    static final String PRE_RUN = "pre_run";
    static final String POST_RUN = "post_run";

    private final BackupLayout layout;
    private final VolumeLocks locks;
    private final BackupSlots slots;
    private final FullBackup full;
    private final BackupCatalog catalog;
    private final SnapshotBackup snapshots;
    private final HookStage hooks;
    private final Clock clock;

    public BackupTask(BackupLayout layout, VolumeLocks locks, BackupSlots slots, FullBackup full, BackupCatalog catalog,
                      SnapshotBackup snapshots, HookRunner hooks, Duration hookTimeout, Clock clock) {
        this.layout = layout;
        this.locks = locks;
        this.slots = slots;
        this.full = full;
        this.catalog = catalog;
        this.snapshots = snapshots;
        this.hooks = new HookStage(hooks, hookTimeout);
        this.clock = clock;
    }

    /** A job is scheduled when its args read as a {@link BackupJob} whose target is a safe path on this node. */
    @Override
    public void check(Job job) {
        layout.target(BackupJob.parse(job).target());
    }

    /** A requested backup of a busy volume is a 409 now, not a failed record later; a scheduled one waits for it. */
    @Override
    public void checkRequested(Job job) {
        locks.requireFree(layout.volumeDir(layout.target(BackupJob.parse(job).target())));
    }

    @Override
    public Map<String, Object> run(TaskContext ctx) {
        try {
            return backup(ctx);
        } catch (BackupException e) {
            // expected failures (bad args, busy or missing volume) need their reason, not a stack trace
            throw new TaskFailure(e.getMessage(), Map.of("error", e.code().name()), e);
        }
    }

    /**
     * The main path: validate args → wait for a backup slot → lock the volume (scheduled: wait for it) → pre_run → archive +
     * upload (commit) → catalog entry (now it is listed) → post_run → result. Mode {@code increment}
     * takes a snapshot into the volume's repository instead of archive + catalog; the rest is the same.
     */
    private Map<String, Object> backup(TaskContext ctx) {
        BackupJob job = BackupJob.parse(ctx.job());
        BackupTarget target = layout.target(job.target());
        Path volumeDir = layout.volumeDir(target);
        try (BackupClaim claim = BackupClaim.take(slots, locks, volumeDir, ctx)) {
            layout.existingVolumeDir(target);
            BackupRun run = new BackupRun(target, clock.instant(), job.mode(), claim.volume());
            List<String> containers = job.containers();
            try {
                boolean go = run.preRun(() -> hooks.run(PRE_RUN, job.preRun(), containers, volumeDir));
                if (go && job.mode() == BackupMode.INCREMENT) {
                    run.snapshotted(snapshots.take(target, volumeDir, containers));
                } else if (go) {
                    String name = layout.fullArchiveName(target, run.started(), job.format().extension());
                    run.archived(name, full.write(volumeDir, layout.fullArchiveKey(target, name), job.format(), progressOf(ctx)));
                    run.cataloged(catalog.register(target, name, run.archive(), run.started(), volumeDir, containers));
                }
            } catch (RuntimeException e) {
                run.failed(e);
            }
            // post_run undoes what pre_run did (unlock tables, resume writes): it runs also after a failure
            try {
                run.postRun(hooks.run(POST_RUN, job.postRun(), containers, volumeDir));
            } catch (RuntimeException e) {
                run.failed(e);
            }
            return run.outcome(clock.instant());
        }
    }

    private static ArchiveProgress progressOf(TaskContext ctx) {
        return new ArchiveProgress() {
            @Override
            public void advance(long bytes, long files) {
                ctx.progress().advance(bytes, files);
            }

            @Override
            public boolean cancelled() {
                return ctx.cancelled();
            }
        };
    }
}
