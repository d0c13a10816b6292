package io.backupd.common.api;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.id.JobIds;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.ExpirePeriod;
import io.backupd.common.spec.FullFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@code backup} job's args as one typed value: the only code that knows their keys
 * ({@link JobArgs}). The planner builds one and writes it with {@link #toJob}; the daemon reads a
 * pushed job with {@link #parse} once, before scheduling and again at each run.
 *
 * <p>{@link #toArgs} is the wire format and feeds the job id, so it must not change: every key is
 * present (empty when unset), because an absent key and an empty one would give two ids, except
 * {@code format}, written only for a format other than the default so that jobs planned before
 * formats existed keep their ids. {@link #parse} reads these args and the original Lain
 * controller's too: that one sends {@code instanceNo} as a number and {@code containers} as a
 * list (read into the same strings by {@link Job}), no {@code expire}, and also {@code path} and
 * {@code archive}, which are ignored because the daemon derives both from the target.
 *
 * @param format     the archive format of a full backup; null for an incremental one
 * @param preRun     shell command run before the backup; empty for none
 * @param postRun    shell command run after it, also after a failure; empty for none
 * @param containers the instance's container ids, in which hooks run
 * @param expire     how long backups of the volume are kept, e.g. {@code 30d}; empty keeps them
 */
public record BackupJob(JobTarget target, BackupMode mode, FullFormat format, String preRun, String postRun,
                        List<String> containers, String expire) {

    public BackupJob {
        if (target == null || mode == null) {
            throw new IllegalArgumentException("a backup job needs a target and a mode");
        }
        if (mode == BackupMode.INCREMENT && format != null) {
            throw new IllegalArgumentException("an incremental backup has no archive format");
        }
        format = mode == BackupMode.FULL && format == null ? FullFormat.DEFAULT : format;
        preRun = preRun == null ? "" : preRun;
        postRun = postRun == null ? "" : postRun;
        containers = containers == null ? List.of() : List.copyOf(containers);
        expire = expire == null ? "" : expire.trim();
    }

    /**
     * The backup job {@code job} describes. {@link UnknownArgValue} for a {@code mode} or
     * {@code format} no controller plans (checked first); INVALID_ARGUMENT naming the arg for a
     * missing target key, a bad instance number or an expire that is not a period.
     */
    public static BackupJob parse(Job job) {
        Map<String, String> args = job.args();
        BackupMode mode = modeOf(job);
        FullFormat format = formatOf(mode, args.get(JobArgs.FORMAT));
        JobTarget target = JobTarget.parse(args);
        String expire = args.getOrDefault(JobArgs.EXPIRE, "").trim();
        if (!expire.isEmpty()) {
            try {
                ExpirePeriod.parse(expire); // refused now rather than failing every expire run later
            } catch (BackupException e) {
                throw new BackupException(ErrorCode.INVALID_ARGUMENT, "arg '" + JobArgs.EXPIRE + "': " + e.getMessage(),
                        Map.of("arg", JobArgs.EXPIRE), e);
            }
        }
        return new BackupJob(target, mode, format, args.get(JobArgs.PRE_RUN), args.get(JobArgs.POST_RUN),
                containersOf(args.get(JobArgs.CONTAINERS)), expire);
    }

    /** The args as the wire carries them and the job id is computed from; see the class comment. */
    public SortedMap<String, String> toArgs() {
        SortedMap<String, String> args = new TreeMap<>();
        target.putInto(args);
        args.put(JobArgs.MODE, mode.wireName());
        args.put(JobArgs.PRE_RUN, preRun);
        args.put(JobArgs.POST_RUN, postRun);
        args.put(JobArgs.CONTAINERS, String.join(",", containers));
        args.put(JobArgs.EXPIRE, expire);
        if (format != null && format != FullFormat.DEFAULT) {
            args.put(JobArgs.FORMAT, format.wireName());
        }
        return args;
    }

    /** The cron job of this backup on {@code nodeIp}, its id computed from spec, action and {@link #toArgs}. */
    public Job toJob(String nodeIp, String spec) {
        SortedMap<String, String> args = toArgs();
        return Job.of(JobIds.of(nodeIp, spec, JobActions.BACKUP, args), spec, JobActions.BACKUP, args, JobType.CRON);
    }

    /**
     * The job's {@code mode} alone, for a reader that sorts jobs by it; absent or empty is
     * {@code full}, what the original controller meant by leaving it out. {@link UnknownArgValue}
     * for any other value than {@code full} and {@code increment}.
     */
    public static BackupMode modeOf(Job job) {
        String mode = job.args().get(JobArgs.MODE);
        if (mode == null || mode.isBlank()) {
            return BackupMode.FULL;
        }
        try {
            return BackupMode.parse(mode);
        } catch (BackupException e) {
            throw new UnknownArgValue(JobArgs.MODE, e);
        }
    }

    /** Absent or empty is the default; a format on an incremental backup is refused, it is no archive. */
    private static FullFormat formatOf(BackupMode mode, String format) {
        if (format == null || format.isBlank()) {
            return mode == BackupMode.FULL ? FullFormat.DEFAULT : null;
        }
        if (mode == BackupMode.INCREMENT) {
            throw new UnknownArgValue(JobArgs.FORMAT, BackupException.invalid("'" + format + "' is given, but an"
                    + " incremental backup is a snapshot repository, not an archive: only full backups take a format"));
        }
        try {
            return FullFormat.parse(format);
        } catch (BackupException e) {
            throw new UnknownArgValue(JobArgs.FORMAT, e);
        }
    }

    /** The comma-separated ids, blanks dropped. */
    private static List<String> containersOf(String ids) {
        return ids == null ? List.of() : Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
