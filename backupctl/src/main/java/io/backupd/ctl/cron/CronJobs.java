package io.backupd.ctl.cron;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.ctl.daemons.FanOut;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.ctl.dispatch.SleepStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The planned cron jobs as the APIs show them, and the actions on one job. Jobs are the dispatcher's
 * plan with the sleep states the controller remembers; actions are forwarded to the daemon of the
 * node the job is planned on, and only for a job planned for the app the request names, so one app
 * cannot run or silence another's jobs. A sleep or wakeup is remembered only once the daemon took
 * it, so the remembered state never claims what the daemon does not do.
 *
 * <p>An app's jobs include the {@code backup_expire} job of each node its jobs are planned on: that
 * job expires the app's backups there (and those of the other apps on the node, each by its own
 * {@code expire}). The app may run it, which only does now what the hourly schedule does anyway,
 * but not sleep or wake it (FORBIDDEN), since that would decide for every app on the node.
 *
 * <p>A job is runnable as soon as it is listed: a run waits (at most {@value #PUSH_WAIT_SECONDS} s)
 * for the node to take the job set that holds it, pushing it if need be, rather than asking a
 * daemon that does not know the job yet; a daemon that answers NOT_FOUND for a job it was pushed
 * (it restarted without its state) has its version checked, gets the set again, and is asked once more.
 */
public final class CronJobs {
    static final int PUSH_WAIT_SECONDS = 5;
    private static final Duration PUSH_WAIT = Duration.ofSeconds(PUSH_WAIT_SECONDS);

    private final ConfigSource source;
    private final Dispatcher dispatcher;
    private final DaemonClient daemons;
    private final SleepStates sleeps;
    private final FanOut fanOut;

    public CronJobs(ConfigSource source, Dispatcher dispatcher, DaemonClient daemons, SleepStates sleeps, FanOut fanOut) {
        this.source = source;
        this.dispatcher = dispatcher;
        this.daemons = daemons;
        this.sleeps = sleeps;
        this.fanOut = fanOut;
    }

    /** A job and the node it is planned on. */
    public record PlannedJob(String node, Job job) {
    }

    /** Every node's jobs, and the nodes whose daemons did not answer (their sleep states are the controller's). */
    public record Live(SortedMap<String, List<Job>> jobs, List<String> unreachable) {
    }

    /** The app's planned jobs; NOT_FOUND for an app the controller does not know. */
    public List<Job> ofApp(String app) {
        return plannedOf(knownApp(app)).stream().map(PlannedJob::job).toList();
    }

    public PlannedJob find(String app, String id) {
        return plannedOf(knownApp(app)).stream().filter(j -> j.job().id().equals(id)).findFirst()
                .orElseThrow(() -> BackupException.notFound("app " + app + " has no planned job " + id));
    }

    /** Runs the job now on its daemon, once the daemon has the job set that holds it; returns the run's rid. */
    public String run(String app, String id) {
        PlannedJob job = find(app, id);
        dispatcher.awaitPushed(job.node(), job.job().id(), PUSH_WAIT);
        try {
            return daemons.run(job.node(), job.job().id());
        } catch (BackupException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            // pushed, yet unknown there: the daemon restarted without its state; check, push again, run once more
            dispatcher.doubtPushed(job.node());
            dispatcher.awaitPushed(job.node(), job.job().id(), PUSH_WAIT);
            return daemons.run(job.node(), job.job().id());
        }
    }

    /** Puts the job to sleep or wakes it on its daemon, then remembers it; returns the daemon's answer. */
    public JsonNode setSleep(String app, String id, boolean sleep) {
        PlannedJob job = find(app, id);
        if (isNodeJob(job.job())) {
            throw new BackupException(ErrorCode.FORBIDDEN, "job " + id + " (" + job.job().action() + ") serves every app on node "
                    + job.node() + "; one app cannot " + (sleep ? "sleep" : "wake") + " it (it may run it)", Map.of("node", job.node()),
                    null);
        }
        JsonNode answer = daemons.action(job.node(), job.job().id(), sleep ? "sleep" : "wakeup");
        sleeps.set(job.job().id(), sleep);
        return answer;
    }

    /** The jobs planned for one node; NOT_FOUND when the node is not in the plan. */
    public List<Job> ofNode(String ip) {
        List<Job> jobs = dispatcher.planned().get(ip);
        if (jobs == null) {
            throw BackupException.notFound("node " + ip + " is not in the plan (planned nodes: "
                    + String.join(", ", dispatcher.planned().keySet()) + ")");
        }
        return jobs;
    }

    /** Whether {@code ip} is a node of the plan. */
    public boolean isPlanned(String ip) {
        return dispatcher.planned().containsKey(ip);
    }

    /** Every node's planned jobs with the sleep state its daemon reports (the controller's where it does not answer). */
    public Live live() {
        SortedMap<String, List<Job>> planned = dispatcher.planned();
        FanOut.Result<Map<String, Boolean>> answers = fanOut.ask(planned.keySet(), node -> daemons.jobs(node).stream()
                .map(Entry::job).collect(Collectors.toMap(Job::id, Job::sleep, (a, b) -> a)));
        SortedMap<String, List<Job>> out = new TreeMap<>();
        planned.forEach((node, jobs) -> {
            Map<String, Boolean> remote = answers.answers().get(node);
            out.put(node, remote == null ? jobs : jobs.stream().map(j -> j.withSleep(remote.getOrDefault(j.id(), j.sleep()))).toList());
        });
        return new Live(out, answers.unreachable());
    }

    private String knownApp(String app) {
        if (!source.current().apps().containsKey(app)) {
            throw BackupException.notFound("app " + app + " is not known to the controller");
        }
        return app;
    }

    /** The app's jobs on each node, followed by that node's jobs of no app (its expire job) when the app has any there. */
    private List<PlannedJob> plannedOf(String app) {
        List<PlannedJob> out = new ArrayList<>();
        dispatcher.planned().forEach((node, jobs) -> {
            List<Job> own = jobs.stream().filter(job -> app.equals(job.arg(JobArgs.APP))).toList();
            if (!own.isEmpty()) {
                own.forEach(job -> out.add(new PlannedJob(node, job)));
                jobs.stream().filter(CronJobs::isNodeJob).forEach(job -> out.add(new PlannedJob(node, job)));
            }
        });
        return out;
    }

    /** A job planned for a node rather than for an app: it names no app. */
    private static boolean isNodeJob(Job job) {
        return job.arg(JobArgs.APP) == null;
    }
}
