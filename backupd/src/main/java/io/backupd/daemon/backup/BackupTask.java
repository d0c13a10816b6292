package io.backupd.daemon.backup;

import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.FullFormat;
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
import java.util.Map;

/**
 * The {@code backup} action: one backup of one instance's volume. Args are those of
 * {@link JobArgs}. Fails (the record's reason says why, the result keeps hook output) when the
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
        BackupTarget target = layout.target(ctx.job().args());
        BackupMode mode = modeOf(ctx.arg(JobArgs.MODE));
        FullFormat format = formatOf(mode, ctx.arg(JobArgs.FORMAT));
        Path volumeDir = layout.volumeDir(target);
        try (BackupClaim claim = BackupClaim.take(slots, locks, volumeDir, ctx)) {
            layout.existingVolumeDir(target);
            BackupRun run = new BackupRun(target, clock.instant(), mode, claim.volume());
            String containers = ctx.arg(JobArgs.CONTAINERS);
            try {
                boolean go = run.preRun(hooks.run(PRE_RUN, ctx.arg(JobArgs.PRE_RUN), containers, volumeDir));
                if (go && mode == BackupMode.INCREMENT) {
                    run.snapshotted(snapshots.take(target, volumeDir, containers));
                } else if (go) {
                    String name = layout.fullArchiveName(target, run.started(), format.extension());
                    run.archived(name, full.write(volumeDir, layout.fullArchiveKey(target, name), format, progressOf(ctx)));
                    run.cataloged(catalog.register(target, name, run.archive(), run.started(), volumeDir, containers));
                }
            } catch (RuntimeException e) {
                run.failed(e);
            }
            // post_run undoes what pre_run did (unlock tables, resume writes): it runs also after a failure
            try {
                run.postRun(hooks.run(POST_RUN, ctx.arg(JobArgs.POST_RUN), containers, volumeDir));
            } catch (RuntimeException e) {
                run.failed(e);
            }
            return run.outcome(clock.instant());
        }
    }

    /** The job's mode arg; empty is {@code full}. INVALID_ARGUMENT for anything but full and increment. */
    public static BackupMode modeOf(String mode) {
        return mode == null || mode.isBlank() ? BackupMode.FULL : BackupMode.parse(mode);
    }

    /**
     * The job's format arg; empty is the default. INVALID_ARGUMENT for an unknown format, and for any
     * format on an incremental backup, which is a snapshot repository rather than an archive.
     */
    public static FullFormat formatOf(BackupMode mode, String format) {
        if (format == null || format.isBlank()) {
            return FullFormat.DEFAULT;
        }
        if (mode == BackupMode.INCREMENT) {
            throw BackupException.invalid("arg '" + JobArgs.FORMAT + "' is '" + format + "', but an incremental backup"
                    + " is a snapshot repository, not an archive: only full backups take a format");
        }
        try {
            return FullFormat.parse(format);
        } catch (BackupException e) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "arg '" + JobArgs.FORMAT + "': " + e.getMessage(),
                    Map.of("arg", JobArgs.FORMAT), e);
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
