package io.backupd.ctl.plan;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobActions;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.common.spec.FullFormat;
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
import java.util.stream.Collectors;

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
 * told to drop its jobs. Every arg key of {@link JobArgs} is always present (empty when unset):
 * the id is a digest of the args, so an absent key and an empty one must not mean two jobs. The
 * one exception is {@link JobArgs#FORMAT}, present only for a format other than the default: a
 * spec that names no format, or the default one, keeps the id it had before formats existed, so
 * upgrading the controller neither wakes sleeping jobs nor replaces every job on every node.
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
        args.put(JobArgs.APP, app);
        args.put(JobArgs.PROC, proc.fullName());
        args.put(JobArgs.INSTANCE_NO, Integer.toString(instance.instanceNo()));
        args.put(JobArgs.VOLUME, volume);
        args.put(READ_DATA, "true");
        String id = JobIds.of(instance.nodeIp(), CHECK_SCHEDULE, JobActions.BACKUP_CHECK, args);
        return Job.of(id, CHECK_SCHEDULE, JobActions.BACKUP_CHECK, args, JobType.CRON);
    }

    static Job backupJob(String app, Proc proc, Instance instance, BackupSpec spec) {
        Map<String, String> args = new TreeMap<>();
        args.put(JobArgs.APP, app);
        args.put(JobArgs.PROC, proc.fullName());
        args.put(JobArgs.INSTANCE_NO, Integer.toString(instance.instanceNo()));
        args.put(JobArgs.VOLUME, spec.volume());
        args.put(JobArgs.MODE, spec.mode().wireName());
        args.put(JobArgs.PRE_RUN, spec.preRun());
        args.put(JobArgs.POST_RUN, spec.postRun());
        args.put(JobArgs.CONTAINERS, instance.containers().stream().map(Container::id).collect(Collectors.joining(",")));
        args.put(JobArgs.EXPIRE, spec.expire());
        if (spec.format() != null && spec.format() != FullFormat.DEFAULT) {
            args.put(JobArgs.FORMAT, spec.format().wireName());
        }
        String id = JobIds.of(instance.nodeIp(), spec.schedule(), JobActions.BACKUP, args);
        return Job.of(id, spec.schedule(), JobActions.BACKUP, args, JobType.CRON);
    }
}
