package io.backupd.common.api;

/**
 * Keys of a backup job's {@code args}. The planner writes them, the daemon derives the volume path
 * and the archive name from them; both sides must agree, so they are named once, here. A backup
 * job's args are read and written only through {@link BackupJob}; other jobs and requests that name
 * a volume use the target keys ({@link JobTarget}).
 */
public final class JobArgs {
    public static final String APP = "app";
    /** The proc's full name, {@code app.type.name}. */
    public static final String PROC = "proc";
    public static final String INSTANCE_NO = "instanceNo";
    public static final String VOLUME = "volume";
    /** {@code full} or {@code increment}. */
    public static final String MODE = "mode";
    public static final String PRE_RUN = "preRun";
    public static final String POST_RUN = "postRun";
    /**
     * Container ids of the instance, comma separated, in which the hooks run (the original Lain
     * controller sends a JSON list, read into the same text; see {@link Job}).
     */
    public static final String CONTAINERS = "containers";
    /** How long backups of the volume are kept, e.g. {@code 30d}; empty keeps them. */
    public static final String EXPIRE = "expire";
    /**
     * A full backup's archive format, {@code tar.gz} or {@code tar.zst}
     * ({@link io.backupd.common.spec.FullFormat}); absent or empty means {@code tar.gz}. The
     * planner writes it only for a format other than the default, so the ids of jobs planned
     * before formats existed stay the same (sleep states are remembered by id).
     */
    public static final String FORMAT = "format";

    private JobArgs() {
    }
}
