package io.backupd.ctl.plan;

import io.backupd.common.api.BackupJob;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobActions;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobTarget;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ClusterState.App;
import io.backupd.ctl.cluster.ClusterState.Container;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.cluster.ClusterState.Proc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a cluster state into the job set of every node: one backup job per (backup spec ×
 * instance), on the node that runs the instance, because only that node sees the volume, and
 * one {@code backup_check} job per incremental volume instance (weekly, reading every chunk, so
 * damage in storage is found before a restore needs the data), and one {@code backup_expire} job
 * (no args) on every node that has backup jobs, last in its list.
 *
 * <p>A pure function: the same state always gives the same jobs, ids and order (nodes sorted;
 * within a node apps and procs by name, instances by number, specs as declared), which is what
 * lets the dispatcher compare job-set versions instead of diffing jobs. Every node of the state
 * gets an entry, an empty list when it runs nothing, so a node that lost its last instance is
 * told to drop its jobs. A backup job's args are those of {@link BackupJob#toArgs}, whose comment
 * says why every key but {@link JobArgs#FORMAT} is always present: ids must not change when the
 * controller is upgraded, or sleeping jobs would wake and every job on every node be replaced.
 */
public final class Planner {
    /** Hourly: expiry granularity is hours ({@code 12h}), and a run that finds nothing to delete is cheap. */
    public static final String EXPIRE_SCHEDULE = "0 * * * *";
    /** Sundays 04:00: off the hours backups are usually scheduled at. */
    public static final String CHECK_SCHEDULE = "0 4 * * 0";
    private static final String READ_DATA = "readData";

    public SortedMap<String, List<Job>> plan(ClusterState state) {
        SortedMap<String, List<Job>> byNode = new TreeMap<>();
        state.nodes().forEach(node -> byNode.put(node, new ArrayList<>()));
        for (App app : state.apps().values()) {
            for (Proc proc : app.procs().values()) {
                for (Instance instance : proc.instances()) {
                    List<Job> jobs = byNode.computeIfAbsent(instance.nodeIp(), n -> new ArrayList<>());
                    for (BackupSpec spec : proc.backups()) {
                        jobs.add(backupJob(app.name(), proc, instance, spec));
                    }
                    proc.backups().stream()
                            .filter(spec -> spec.mode() == BackupMode.INCREMENT)
                            .map(BackupSpec::volume)
                            .distinct()
                            .forEach(volume -> jobs.add(checkJob(app.name(), proc, instance, volume)));
                }
            }
        }
        byNode.forEach((node, jobs) -> {
            if (!jobs.isEmpty()) {
                jobs.add(expireJob(node));
            }
        });
        byNode.replaceAll((node, jobs) -> List.copyOf(jobs));
        return java.util.Collections.unmodifiableSortedMap(byNode);
    }

    /** The node's one expire job: it sweeps every volume the node's backup jobs name, by their {@code expire}. */
    static Job expireJob(String node) {
        return Job.of(JobIds.of(node, EXPIRE_SCHEDULE, JobActions.BACKUP_EXPIRE, Map.of()), EXPIRE_SCHEDULE,
                JobActions.BACKUP_EXPIRE, Map.of(), JobType.CRON);
    }

    /** A weekly full check of one volume's snapshot repository. */
    static Job checkJob(String app, Proc proc, Instance instance, String volume) {
        Map<String, String> args = new TreeMap<>();
        new JobTarget(app, proc.fullName(), instance.instanceNo(), volume).putInto(args);
        args.put(READ_DATA, "true");
        String id = JobIds.of(instance.nodeIp(), CHECK_SCHEDULE, JobActions.BACKUP_CHECK, args);
        return Job.of(id, CHECK_SCHEDULE, JobActions.BACKUP_CHECK, args, JobType.CRON);
    }

    static Job backupJob(String app, Proc proc, Instance instance, BackupSpec spec) {
        JobTarget target = new JobTarget(app, proc.fullName(), instance.instanceNo(), spec.volume());
        BackupJob backup = new BackupJob(target, spec.mode(), spec.format(), spec.preRun(), spec.postRun(),
                instance.containers().stream().map(Container::id).toList(), spec.expire());
        return backup.toJob(instance.nodeIp(), spec.schedule());
    }
}
