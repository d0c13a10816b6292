package io.backupd.ctl.dispatch;

import io.backupd.common.api.Job;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.ctl.plan.Planner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every daemon's job set equal to the plan. On each cluster state it plans and queues a
 * sync for each node whose job-set version changed; every {@code reconcileEvery} it queues a
 * reconcile of every node (re-register the notify address, compare the daemon's version, re-push
 * when it differs), which repairs daemons that restarted or lost their jobs. Jobs go out with the
 * sleep states of {@link SleepStates}, so a sleep done through the controller survives a re-push.
 *
 * <p>Each node's sync is its own task on a small shared pool, so a node that hangs or refuses
 * costs one task bounded by the client's timeouts and never delays the others. A failed sync is
 * retried with exponential backoff (from {@code retryMin} to {@code retryMax}) and the node is
 * shown unreachable in {@link #nodes()} meanwhile. A node that drops out of the plan is sent an
 * empty job set and then forgotten: after the first successful push, or after
 * {@value #LEAVE_ATTEMPTS} failed attempts, since a node that left the cluster may never answer
 * again. Thread-safe.
 */
public final class Dispatcher implements Consumer<ClusterState>, AutoCloseable {
    static final int LEAVE_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int THREADS = 8;

    private final Planner planner;
    private final DaemonClient client;
    private final SleepStates sleeps;
    private final Supplier<String> notifyUrl;
    private final Duration reconcileEvery;
    private final Duration retryMin;
    private final Duration retryMax;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<String, NodeLink> links = new ConcurrentSkipListMap<>();
    private volatile SortedMap<String, List<Job>> planned = new TreeMap<>();

    /**
     * @param notifyUrl where daemons report records, {@code <advertise>/api/v2/system/notify}; asked
     *                  at each use, because when the controller listens on port 0 the address is
     *                  known only once its server has started, after the dispatcher was built
     */
    public Dispatcher(Planner planner, DaemonClient client, SleepStates sleeps, Supplier<String> notifyUrl,
                      Duration reconcileEvery, Duration retryMin, Duration retryMax, Clock clock) {
        this.planner = planner;
        this.client = client;
        this.sleeps = sleeps;
        this.notifyUrl = notifyUrl;
        this.reconcileEvery = reconcileEvery;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.clock = clock;
        AtomicInteger threadNo = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "dispatch-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Plans {@code state} and queues a push to each node whose job set changed. */
    @Override
    public synchronized void accept(ClusterState state) {
        SortedMap<String, List<Job>> plan = planner.plan(state);
        plan.forEach((node, jobs) -> {
            NodeLink link = links.computeIfAbsent(node, n -> new NodeLink(n, JobSet.of(List.of()), client, sleeps, notifyUrl, clock));
            link.stay();
            if (link.want(JobSet.of(jobs))) {
                queue(link, Duration.ZERO);
            }
        });
        for (NodeLink link : links.values()) {
            if (!plan.containsKey(link.node) && link.leave()) {
                log.info("node {} left the plan: sending it an empty job set, then forgetting it", link.node);
                if (link.want(JobSet.of(List.of()))) {
                    queue(link, Duration.ZERO);
                } else {
                    links.remove(link.node, link);
                }
            }
        }
        // published after the links want it: a job seen in planned() is in its link's wanted set
        planned = plan;
    }

    /**
     * The daemon of {@code node} answered NOT_FOUND for a job it was pushed: the next
     * {@link #awaitPushed} checks its version and pushes again where it lost the set.
     */
    public void doubtPushed(String node) {
        NodeLink link = links.get(node);
        if (link != null) {
            link.doubtPushed();
        }
    }

    /**
     * Returns once {@code node}'s daemon has taken a job set that holds job {@code jobId}, pushing it
     * now when it has not (the push after a plan change is queued, in flight or backing off), so a
     * job can be run the moment the controller lists it. A failed push is tried again after
     * {@code retryMin} while time is left. Waits at most {@code wait}: UNAVAILABLE when the push did
     * not finish in time or the job is no longer planned there; NODE_UNREACHABLE with the daemon's
     * reason when the last push failed. Thread-safe; pushes to one node stay serialised.
     */
    public void awaitPushed(String node, String jobId, Duration wait) {
        NodeLink link = links.get(node);
        if (link == null) {
            throw new BackupException(ErrorCode.UNAVAILABLE, "node " + node + " is not in the plan; nothing was run");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Duration delay = Duration.ZERO;
        while (!link.has(jobId)) {
            long left = deadline - System.nanoTime();
            if (left <= delay.toNanos()) {
                throw link.failures() > 0
                        ? new BackupException(ErrorCode.NODE_UNREACHABLE, "node " + node + " did not take the job set with job "
                                + jobId + ": " + link.lastError() + "; nothing was run", Map.of("node", node), null)
                        : new BackupException(ErrorCode.UNAVAILABLE, "node " + node + " has not taken the job set with job " + jobId
                                + " within " + wait.toSeconds() + " s; nothing was run, try again", Map.of("node", node), null);
            }
            if (pushWithin(link, delay, left) && !link.has(jobId)) {
                throw new BackupException(ErrorCode.UNAVAILABLE, "job " + jobId + " is no longer planned on node " + node
                        + " (the plan changed meanwhile); nothing was run", Map.of("node", node), null);
            }
            delay = retryMin;
        }
    }

    /** One sync of {@code link} after {@code delay}, waited for at most {@code nanos} from now; false when it failed or did not finish. */
    private boolean pushWithin(NodeLink link, Duration delay, long nanos) {
        try {
            boolean synced = executor.schedule(link::sync, delay.toMillis(), TimeUnit.MILLISECONDS).get(nanos, TimeUnit.NANOSECONDS);
            if (!synced) {
                queue(link, backoff(link.failures()));
            }
            return synced;
        } catch (TimeoutException | RejectedExecutionException e) {
            return false;
        } catch (ExecutionException e) {
            throw new BackupException(ErrorCode.INTERNAL, "pushing the job set to node " + link.node + " failed",
                    Map.of("node", link.node), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.UNAVAILABLE, "interrupted while pushing the job set to node " + link.node);
        }
    }

    /** Starts the periodic reconcile. */
    public void start() {
        long millis = reconcileEvery.toMillis();
        executor.scheduleWithFixedDelay(this::reconcileAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The planned jobs of every node, as last planned, each with its remembered sleep state. */
    public SortedMap<String, List<Job>> planned() {
        SortedMap<String, List<Job>> out = new TreeMap<>();
        planned.forEach((node, jobs) -> out.put(node, sleeps.apply(jobs)));
        return out;
    }

    /** Every node the dispatcher talks to (the planned ones, and those leaving) and how it last found it. */
    public SortedMap<String, NodeStatus> nodes() {
        SortedMap<String, NodeStatus> out = new TreeMap<>();
        links.forEach((node, link) -> out.put(node, link.status()));
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void reconcileAll() {
        for (NodeLink link : links.values()) {
            if (!link.leaving()) {
                link.reconcileNext();
                queue(link, Duration.ZERO);
            }
        }
    }

    private void queue(NodeLink link, Duration delay) {
        if (!link.queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(() -> run(link), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            link.queued.set(false);
        }
    }

    private void run(NodeLink link) {
        link.queued.set(false);
        boolean synced;
        try {
            synced = link.sync();
        } catch (RuntimeException e) {
            // a bug in one node's sync must not kill the pool thread's later tasks
            log.error("node {}: sync failed unexpectedly", link.node, e);
            synced = false;
        }
        if (link.leaving() && (synced && link.current() || link.failures() >= LEAVE_ATTEMPTS)) {
            forget(link, synced);
        } else if (!synced) {
            queue(link, backoff(link.failures()));
        }
    }

    private synchronized void forget(NodeLink link, boolean emptied) {
        // a node that came back into the plan meanwhile is no longer leaving: keep it
        if (link.leaving() && links.remove(link.node, link)) {
            if (emptied) {
                log.info("node {}: empty job set pushed; forgotten", link.node);
            } else {
                log.warn("node {}: left the plan and did not take its empty job set after {} attempts; forgotten (its daemon"
                        + " keeps its old jobs until it is planned again)", link.node, LEAVE_ATTEMPTS);
            }
        }
    }

    Duration backoff(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
        Duration delay = retryMin.multipliedBy(factor);
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
