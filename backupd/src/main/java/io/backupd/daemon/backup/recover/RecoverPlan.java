package io.backupd.daemon.backup.recover;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobActions;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.catalog.CatalogEntry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checked recover or migrate: the backup's catalog entry, the storage folder it is in, the
 * volume it was taken of, and the existing target volume on this node. A migrate is a plan whose
 * target is not the source (another instance or proc of the same app, always the same volume).
 *
 * @param backup    the complete, full backup's entry
 * @param namespace the storage folder the entry is listed in, {@code <app>/<proc>/<N>/<volume-key>}
 * @param source    the volume the backup was taken of
 * @param target    the volume to put it into
 * @param volumeDir the target's directory on this node (exists, under the volume root)
 */
public record RecoverPlan(CatalogEntry backup, String namespace, BackupTarget source, BackupTarget target, Path volumeDir) {

    public boolean migrate() {
        return !source.equals(target);
    }

    /** {@code backup_migrate} or {@code backup_recover}: the same task, named for what the records show. */
    public String action() {
        return migrate() ? JobActions.BACKUP_MIGRATE : JobActions.BACKUP_RECOVER;
    }

    /** The args of the job that runs this plan; planning them again gives the same plan (if storage has not changed). */
    public Map<String, String> jobArgs() {
        Map<String, String> args = new TreeMap<>(targetArgs());
        args.put(RecoverRequest.FILE, backup.name());
        args.put(RecoverRequest.NAMESPACE, namespace);
        return args;
    }

    /**
     * The once job that runs this plan. Its id depends on the target volume alone (not on the
     * backup, nor on recover vs migrate), so the engine refuses a second recover or migrate into
     * the same volume while one is queued or running.
     */
    public Job job(String nodeIp) {
        String id = JobIds.of(nodeIp, "", JobActions.BACKUP_RECOVER, targetArgs());
        return Job.of(id, "", action(), jobArgs(), JobType.ONCE);
    }

    /**
     * A once job of {@code action} with this plan's args and {@code extra} ones, under the same id as
     * {@link #job}: a files restore and a whole restore into one volume exclude each other too.
     */
    public Job job(String nodeIp, String action, Map<String, String> extra) {
        Map<String, String> args = new TreeMap<>(jobArgs());
        args.putAll(extra);
        return Job.of(JobIds.of(nodeIp, "", JobActions.BACKUP_RECOVER, targetArgs()), "", action, args, JobType.ONCE);
    }

    /** What the run's result says about where the backup came from and went. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backup", backup.name());
        out.put("migrate", migrate());
        Map<String, Object> from = volume(source);
        from.put(RecoverRequest.NAMESPACE, namespace);
        out.put("source", from);
        Map<String, Object> to = volume(target);
        to.put("dir", volumeDir.toString());
        out.put("target", to);
        return out;
    }

    private static Map<String, Object> volume(BackupTarget volume) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(JobArgs.APP, volume.app());
        out.put(JobArgs.PROC, volume.proc());
        out.put(JobArgs.INSTANCE_NO, volume.instanceNo());
        out.put(JobArgs.VOLUME, volume.volume());
        return out;
    }

    private Map<String, String> targetArgs() {
        return Map.of(JobArgs.APP, target.app(), JobArgs.PROC, target.proc(),
                JobArgs.INSTANCE_NO, Integer.toString(target.instanceNo()), JobArgs.VOLUME, target.volume());
    }
}
