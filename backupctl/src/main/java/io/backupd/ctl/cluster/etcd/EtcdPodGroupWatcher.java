package io.backupd.ctl.cluster.etcd;

import io.backupd.common.spec.AnnotationParser;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pod groups under {@code /lain/deployd/pod_groups/} in memory: one listing, then a
 * watch from the listing's revision + 1.
 *
 * <ul>
 *   <li>Events are applied idempotently by mod revision ({@link PodGroupState}); a value that
 *       does not parse is held as a problem for its key and never stops the watch.</li>
 *   <li>When etcd has compacted past the revision the watch needs, the state is re-listed and the
 *       watch starts again from the new listing: the compacted events are unknowable, so nothing
 *       is skipped over silently.</li>
 *   <li>On any other watch or request failure (etcd down, leader lost) the last known state is
 *       kept and the watcher re-lists and re-watches with exponential backoff.</li>
 *   <li>A watchdog compares etcd's current revision with what the watch has shown and re-lists
 *       when the watch went quiet while etcd moved on ({@link Watchdog}).</li>
 * </ul>
 *
 * <p>Threading: all state changes happen on one event thread owned by the watcher; listeners are
 * called there, one snapshot at a time and in order, after each applied change (a burst that is
 * already queued is coalesced into one call). A listener must not block for long; its exceptions
 * are logged and never stop the watcher. {@link #current()}, {@link #connected()},
 * {@link #lastError()} and {@link #relists()} may be called from any thread. The jetcd
 * {@link Client} belongs to the caller, who closes it after {@link #close()}.
 */
public final class EtcdPodGroupWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtcdPodGroupWatcher.class);

    private final EtcdPrefix etcd;
    private final EtcdWatcherConfig config;
    private final PodGroupState state;
    private final Backoff backoff;
    private final Watchdog watchdog = new Watchdog();
    private final ScheduledExecutorService events;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong relists = new AtomicLong();

    // confined to the event thread
    private Watch.Watcher watch;
    private long watchGeneration;
    private long watchStart;
    private ScheduledFuture<?> pendingRelist;
    private boolean publishQueued;
    private boolean suspended;

    private volatile long observedRevision; // written on the event thread only
    private volatile Snapshot current = Snapshot.empty();
    private volatile boolean connected;
    private volatile String lastError;
    private volatile boolean dropWatchResponses;

    public EtcdPodGroupWatcher(Client client, EtcdWatcherConfig config) {
        this.etcd = new EtcdPrefix(client, config.prefix(), config.requestTimeout());
        this.config = config;
        this.state = new PodGroupState(new PodGroupParser(config.prefix(), new AnnotationParser(config.minInterval())));
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcd-pod-groups");
            t.setDaemon(true);
            return t;
        });
    }

    /** Lists, starts watching and starts the watchdog; returns at once. Calling it twice is an error. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the etcd pod group watcher is already started");
        }
        events.execute(() -> relist("start"));
        long period = config.watchdogPeriod().toMillis();
        events.scheduleWithFixedDelay(this::checkWatch, period, period, TimeUnit.MILLISECONDS);
    }

    /** The newest snapshot; empty until the first listing succeeds, then never cleared by a failure. */
    public Snapshot current() {
        return current;
    }

    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    /** Whether the watch is established (false from a failure until the next watch is). */
    public boolean connected() {
        return connected;
    }

    /** The last failure talking to etcd, for debug output; empty once connected again. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** How many times the state was listed from scratch (start, compaction, reconnect, watchdog). */
    public long relists() {
        return relists.get();
    }

    /** Stops the watch, the watchdog and the event thread; idempotent. Does not close the client. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.shutdownNow(); // interrupts a listing in progress
        try {
            if (!events.awaitTermination(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                log.warn("etcd pod group watcher thread did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeWatch(); // the event thread is gone, so its fields are safe to touch here
    }

    // ---- everything below runs on the event thread ----

    private void relist(String reason) {
        if (pendingRelist != null) {
            pendingRelist.cancel(false);
            pendingRelist = null;
        }
        closeWatch();
        watchdog.reset();
        relists.incrementAndGet();
        EtcdPrefix.Listing listing;
        try {
            listing = etcd.list();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failed("listing " + config.prefix(), e);
            return;
        }
        boolean changed = state.replaceAll(listing.entries(), listing.revision());
        observedRevision = listing.revision();
        log.info("listed {} pod groups under {} at revision {} ({})", listing.entries().size(), config.prefix(),
                listing.revision(), reason);
        if (changed || current.revision() == 0) {
            publishSoon();
        }
        openWatch(listing.revision() + 1);
    }

    private void openWatch(long fromRevision) {
        long generation = ++watchGeneration;
        watchStart = fromRevision;
        try {
            watch = etcd.watch(fromRevision, listener(generation));
        } catch (RuntimeException e) {
            failed("opening the watch", e);
        }
    }

    private Watch.Listener listener(long generation) {
        // jetcd calls these on its own threads; everything is handed to the event thread
        return new Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                onEventThread(() -> onResponse(generation, response));
            }

            @Override
            public void onError(Throwable error) {
                onEventThread(() -> onWatchError(generation, error));
            }

            @Override
            public void onCompleted() {
                onEventThread(() -> onWatchError(generation, new IllegalStateException("etcd ended the watch")));
            }
        };
    }

    private void onResponse(long generation, WatchResponse response) {
        if (generation != watchGeneration || dropWatchResponses) {
            return;
        }
        if (response.isCreatedNotify()) {
            connected = true;
            lastError = null;
            backoff.reset();
        }
        boolean changed = false;
        for (WatchEvent event : response.getEvents()) {
            PodGroupState.Entry entry = EtcdPrefix.entry(event.getKeyValue());
            changed |= switch (event.getEventType()) {
                case PUT -> state.put(entry);
                case DELETE -> state.delete(entry.key(), entry.modRevision());
                case UNRECOGNIZED -> false;
            };
        }
        observedRevision = Math.max(observedRevision, response.getHeader().getRevision());
        if (changed) {
            publishSoon();
        }
    }

    private void onWatchError(long generation, Throwable error) {
        if (generation != watchGeneration) {
            return; // from a watch this watcher already replaced or closed
        }
        closeWatch();
        if (error instanceof CompactedException compacted) {
            log.warn("etcd compacted its history up to revision {} while the watch needed revision {}: "
                    + "re-listing instead of skipping ahead", compacted.getCompactedRevision(), watchStart);
            relist("compacted");
        } else {
            failed("watch", error);
        }
    }

    /** Every period: ask the watch for progress, then compare with etcd's current revision. */
    private void checkWatch() {
        // an exception escaping a periodic task would cancel it for good, silently
        try {
            if (suspended) {
                return;
            }
            if (watch == null) {
                // normally a re-list is pending and opens a fresh watch; if none is, the watcher
                // would stay deaf for good, so start one here
                if (pendingRelist == null || pendingRelist.isDone()) {
                    relist("watchdog: no watch open");
                }
                return;
            }
            watch.requestProgress();
            long serverRevision = etcd.currentRevision();
            if (watchdog.stuck(serverRevision, observedRevision)) {
                log.warn("the etcd watch went quiet at revision {} while etcd is at {}: re-listing", observedRevision, serverRevision);
                relist("watchdog");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            closeWatch();
            failed("checking etcd's revision", e);
        }
    }

    /** Keeps the state as it is and schedules a re-list after the next backoff delay. */
    private void failed(String what, Throwable error) {
        Throwable cause = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
        String message = what + " failed: " + (cause instanceof TimeoutException
                ? "no answer within " + config.requestTimeout() : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        connected = false;
        lastError = message;
        if (pendingRelist != null && !pendingRelist.isDone()) {
            return;
        }
        Duration delay = backoff.next();
        log.warn("etcd {}; keeping the last known state, re-listing in {} ms", message, delay.toMillis());
        try {
            pendingRelist = events.schedule(() -> relist("reconnect"), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() is under way: nothing to reconnect for
        }
    }

    private void closeWatch() {
        watchGeneration++; // callbacks still queued from the old watch are ignored
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    private void publishSoon() {
        if (!publishQueued) {
            publishQueued = true;
            onEventThread(this::publish); // behind the events already queued: a burst becomes one call
        }
    }

    private void publish() {
        publishQueued = false;
        Snapshot snapshot = state.snapshot();
        current = snapshot;
        for (Consumer<Snapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                log.error("pod group listener failed at revision {}", snapshot.revision(), e);
            }
        }
    }

    private void onEventThread(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException closing) {
            // late callbacks from jetcd after close() have nothing left to change
        }
    }

    // ---- hooks for tests: stalls the real server cannot be made to produce on demand ----

    /** Closes the watch and holds off the watchdog, as if this watcher had stalled. */
    void suspendWatch() throws Exception {
        events.submit(() -> {
            suspended = true;
            closeWatch();
        }).get();
    }

    /** Watches again from {@code revision} without listing first, as a watch resumed after a stall would. */
    void resumeWatchFrom(long revision) throws Exception {
        events.submit(() -> {
            suspended = false;
            openWatch(revision);
        }).get();
    }

    /** The revision the held state reflects (what a resumed watch would start after). */
    long heldRevision() throws Exception {
        return events.submit(state::revision).get();
    }

    /** The newest revision any watch response has shown, progress notifications included. */
    long observedRevision() {
        return observedRevision;
    }

    /** While true, every watch response is dropped: a watch that is open but silently delivers nothing. */
    void dropWatchResponses(boolean drop) {
        dropWatchResponses = drop;
    }
}
