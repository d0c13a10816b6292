package io.backupd.ctl.dispatch;

import io.backupd.common.api.EngineStatus;
import io.backupd.common.error.BackupException;
import io.backupd.ctl.daemons.DaemonClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's view of one daemon: which job set the plan wants there, which one the daemon
 * is known to have, and whether it answered last time. {@link #sync()} brings the daemon in line;
 * it is serialised per node, so two runs never interleave their requests to one daemon. Jobs are
 * pushed with the sleep states remembered in {@link SleepStates}, read at push time.
 */
final class NodeLink {
    private static final Logger log = LoggerFactory.getLogger(NodeLink.class);

    final String node;
    /** Set while a sync of this node is queued, so bursts of changes coalesce into one run. */
    final AtomicBoolean queued = new AtomicBoolean();

    private final DaemonClient client;
    private final SleepStates sleeps;
    private final Supplier<String> notifyUrl;
    private final Clock clock;
    private volatile JobSet wanted;
    private volatile String pushed;
    private volatile boolean notified;
    private volatile boolean reconcileDue;
    private volatile int failures;
    private volatile Instant lastContact;
    private volatile Instant lastPush;
    private volatile String lastError;
    private volatile List<String> rejected = List.of();
    private volatile boolean leaving;

    NodeLink(String node, JobSet wanted, DaemonClient client, SleepStates sleeps, Supplier<String> notifyUrl, Clock clock) {
        this.node = node;
        this.wanted = wanted;
        this.client = client;
        this.sleeps = sleeps;
        this.notifyUrl = notifyUrl;
        this.clock = clock;
    }

    /** Records what the plan wants; returns whether that differs from what the daemon has. */
    boolean want(JobSet jobs) {
        wanted = jobs;
        return !jobs.version().equals(pushed);
    }

    /** The node is (again) part of the plan. */
    void stay() {
        leaving = false;
    }

    /** The node left the plan; returns true the first time, when its empty job set is due. */
    boolean leave() {
        if (leaving) {
            return false;
        }
        leaving = true;
        return true;
    }

    boolean leaving() {
        return leaving;
    }

    /** Whether the daemon is known to have the wanted job set. */
    boolean current() {
        return wanted.version().equals(pushed);
    }

    /** Whether the daemon is known to have the wanted job set, and it holds job {@code jobId}. */
    boolean has(String jobId) {
        JobSet target = wanted;
        return target.version().equals(pushed) && target.jobs().stream().anyMatch(job -> job.id().equals(jobId));
    }

    String lastError() {
        return lastError;
    }

    /** The next sync also re-registers the notify address and checks the daemon's version. */
    void reconcileNext() {
        reconcileDue = true;
    }

    /**
     * The daemon answered as if it lacked a job it was pushed (it restarted without its state): until
     * the next sync has checked its version, the set is not known to be there.
     */
    void doubtPushed() {
        reconcileDue = true;
        pushed = null;
    }

    int failures() {
        return failures;
    }

    /** One exchange with the daemon; returns false when it failed (the caller retries later). */
    synchronized boolean sync() {
        JobSet target = wanted;
        try {
            if (!leaving && (!notified || reconcileDue)) {
                client.addNotify(node, notifyUrl.get());
                notified = true;
            }
            if (reconcileDue && !leaving) {
                // a daemon that restarted without its job set, or lost it, reports another version
                EngineStatus engine = client.debug(node).engine();
                pushed = engine != null && target.version().equals(engine.version()) ? target.version() : null;
                reconcileDue = false;
            }
            if (!target.version().equals(pushed)) {
                List<String> refused = client.putJobs(node, target.version(), sleeps.apply(target.jobs())).rejected();
                pushed = target.version();
                lastPush = clock.instant();
                rejected = List.copyOf(refused);
                log.info("node {}: job set {} pushed ({} jobs)", node, target.version(), target.jobs().size());
                // a refused job is a planning bug or a version skew: loud, but it must not stop the others
                refused.forEach(message -> log.warn("node {}: daemon refused {}", node, message));
            }
            if (failures > 0) {
                log.info("node {}: reachable again", node);
            }
            failures = 0;
            lastError = null;
            lastContact = clock.instant();
            return true;
        } catch (BackupException e) {
            if (failures == 0) {
                log.warn("node {}: {}; retrying with backoff", node, e.getMessage());
            }
            failures++;
            lastError = e.getMessage();
            // whatever happened meanwhile (a daemon restart), the next contact starts from scratch
            notified = false;
            reconcileDue = true;
            return false;
        }
    }

    NodeStatus status() {
        JobSet target = wanted;
        return new NodeStatus(node, failures == 0 && lastContact != null, target.version(), pushed, target.jobs().size(),
                lastContact, lastPush, lastError, rejected, leaving);
    }
}
