package io.backupd.daemon.backup.recover;

import io.backupd.common.api.JobArgs;
import java.util.Map;

/**
 * A recover or migrate as asked for, before any check: the fields of
 * {@code POST /backup/full/recover/file/:file}, or the args of a {@code backup_recover} /
 * {@code backup_migrate} job (same names). Blank values count as absent. The target fields
 * default to the backup's own volume; {@link RecoverPlanner} checks and resolves everything.
 *
 * @param file       the archive name
 * @param namespace  optional: the backup's volume folder in storage, {@code <app>/<procfullname>/<instanceNo>/<volume>}
 * @param destDir    optional: the target volume's directory on this node, under the volume root
 * @param app        optional: the target's app; must be the backup's app
 * @param proc       optional: the target's proc full name
 * @param instanceNo optional: the target's instance number
 * @param volume     optional: the target's volume path inside the container
 */
public record RecoverRequest(String file, String namespace, String destDir, String app, String proc, String instanceNo,
                             String volume) {
    public static final String FILE = "file";
    public static final String NAMESPACE = "namespace";
    public static final String DEST_DIR = "destDir";

    public RecoverRequest {
        namespace = blankToNull(namespace);
        destDir = blankToNull(destDir);
        app = blankToNull(app);
        proc = blankToNull(proc);
        instanceNo = blankToNull(instanceNo);
        volume = blankToNull(volume);
    }

    /** From a job's args (what {@link RecoverPlan#jobArgs()} wrote, or a job put by hand). */
    public static RecoverRequest of(Map<String, String> args) {
        return new RecoverRequest(args.get(FILE), args.get(NAMESPACE), args.get(DEST_DIR), args.get(JobArgs.APP),
                args.get(JobArgs.PROC), args.get(JobArgs.INSTANCE_NO), args.get(JobArgs.VOLUME));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
