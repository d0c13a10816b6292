package io.backupd.ctl.dispatch;

import io.backupd.common.api.Job;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.plan.Planner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every daemon's job set equal to the plan. On each cluster state it plans and queues a
 * sync for each node whose job-set version changed; every {@code reconcileEvery} it queues a
 * reconcile of every node (re-register the notify address, compare the daemon's version, re-push
 * when it differs), which repairs daemons that restarted or lost their jobs.
 *
 * <p>Each node's sync is its own task on a small shared pool, so a node that hangs or refuses
 * costs one task bounded by the client's timeouts and never delays the others. A failed sync is
 * retried with exponential backoff (from {@code retryMin} to {@code retryMax}) and the node is
 * shown unreachable in {@link #nodes()} meanwhile. Nodes that drop out of the plan are sent an
 * empty job set. Thread-safe.
 */
public final class Dispatcher implements Consumer<ClusterState>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int THREADS = 8;

    private final Planner planner;
    private final DaemonClient client;
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
    public Dispatcher(Planner planner, DaemonClient client, Supplier<String> notifyUrl, Duration reconcileEvery,
                      Duration retryMin, Duration retryMax, Clock clock) {
        this.planner = planner;
        this.client = client;
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
        planned = plan;
        plan.forEach((node, jobs) -> {
            NodeLink link = links.computeIfAbsent(node, n -> new NodeLink(n, JobSet.of(List.of()), client, notifyUrl, clock));
            if (link.want(JobSet.of(jobs))) {
                queue(link, Duration.ZERO);
            }
        });
        links.values().stream().filter(link -> !plan.containsKey(link.node)).forEach(link -> {
            if (link.want(JobSet.of(List.of()))) {
                queue(link, Duration.ZERO);
            }
        });
    }

    /** Starts the periodic reconcile. */
    public void start() {
        long millis = reconcileEvery.toMillis();
        executor.scheduleWithFixedDelay(this::reconcileAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The planned jobs of every node, as last planned; the API lists these. */
    public SortedMap<String, List<Job>> planned() {
        return planned;
    }

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
            link.reconcileNext();
            queue(link, Duration.ZERO);
        }
    }

    private void queue(NodeLink link, Duration delay) {
        if (!link.queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(() -> run(link), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            link.queued.set(false);
        }
    }

    private void run(NodeLink link) {
        link.queued.set(false);
        try {
            if (!link.sync()) {
                queue(link, backoff(link.failures()));
            }
        } catch (RuntimeException e) {
            // a bug in one node's sync must not kill the pool thread's later tasks
            log.error("node {}: sync failed unexpectedly", link.node, e);
            queue(link, retryMax);
        }
    }

    Duration backoff(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
        Duration delay = retryMin.multipliedBy(factor);
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
