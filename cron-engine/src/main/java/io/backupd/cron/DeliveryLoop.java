package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that empties the {@link Outbox}: for each address it delivers the oldest
 * pending records (up to {@link Delivery#MAX_BATCH} in one call), and after a failure waits that address's backoff before trying it again, so one
 * unreachable receiver neither floods the log nor holds up the others. Backoff is measured on the
 * monotonic {@link System#nanoTime()}: it is a pause, not a schedule, and must not stall when a
 * test's clock stands still.
 */
final class DeliveryLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final long IDLE_MILLIS = 1000;

    private final Outbox outbox;
    private final Delivery delivery;
    private final Backoff backoff;
    private final Map<String, Retry> retries = new HashMap<>(); // only touched by the loop thread
    private final Thread thread;
    private volatile boolean closed;

    private record Retry(int failures, long notBeforeNanos) {
    }

    DeliveryLoop(Outbox outbox, Delivery delivery, Backoff backoff) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.backoff = backoff;
        this.thread = new Thread(this::loop, "cron-outbox");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (!closed) {
            long seen = outbox.changes();
            long waitNanos = Duration.ofMillis(IDLE_MILLIS).toNanos();
            List<List<Outbox.Pending>> heads = outbox.heads(Delivery.MAX_BATCH);
            // an address with nothing pending (delivered, or removed) starts afresh next time
            retries.keySet().retainAll(heads.stream().map(DeliveryLoop::address).toList());
            for (List<Outbox.Pending> head : heads) {
                if (closed) {
                    return;
                }
                Retry retry = retries.get(address(head));
                long now = System.nanoTime();
                if (retry != null && retry.notBeforeNanos() - now > 0) {
                    waitNanos = Math.min(waitNanos, retry.notBeforeNanos() - now);
                    continue;
                }
                if (attempt(head, retry)) {
                    waitNanos = 0; // the address may have more; look again at once
                } else {
                    waitNanos = Math.min(waitNanos, retries.get(address(head)).notBeforeNanos() - System.nanoTime());
                }
            }
            try {
                outbox.awaitChange(seen, Math.max(0, (waitNanos + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String address(List<Outbox.Pending> head) {
        return head.get(0).address();
    }

    private boolean attempt(List<Outbox.Pending> head, Retry retry) {
        String address = address(head);
        try {
            delivery.deliver(address, head.stream().map(Outbox.Pending::record).toList());
        } catch (Exception e) {
            int failures = retry == null ? 1 : retry.failures() + 1;
            Duration delay = backoff.delayAfter(failures);
            retries.put(address, new Retry(failures, System.nanoTime() + delay.toNanos()));
            JobRecord first = head.get(0).record();
            String what = head.size() == 1 ? "record " + first.rid() + " (" + first.state() + ")"
                    : head.size() + " records from " + first.rid();
            log.warn("cannot deliver {} to {} (attempt {}): {}; retrying in {} ms", what, address, failures, e.toString(),
                    delay.toMillis());
            return false;
        }
        retries.remove(address);
        outbox.delivered(head);
        return true;
    }

    @Override
    public void close() {
        closed = true;
        outbox.changed();
        if (thread.isAlive()) {
            // a delivery blocked in I/O gets a moment to finish, then is interrupted; its record stays queued
            join(Duration.ofSeconds(2));
            thread.interrupt();
            join(Duration.ofSeconds(2));
            if (thread.isAlive()) {
                log.warn("the outbox thread did not stop; a delivery is stuck in {}", delivery);
            }
        }
    }

    private void join(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
