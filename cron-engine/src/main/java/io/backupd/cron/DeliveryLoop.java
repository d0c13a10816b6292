package io.backupd.cron;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that empties the {@link Outbox}: for each address it delivers the oldest
 * pending record, and after a failure waits that address's backoff before trying it again, so one
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
            List<Outbox.Pending> heads = outbox.heads();
            // an address with nothing pending (delivered, or removed) starts afresh next time
            retries.keySet().retainAll(heads.stream().map(Outbox.Pending::address).toList());
            for (Outbox.Pending head : heads) {
                if (closed) {
                    return;
                }
                Retry retry = retries.get(head.address());
                long now = System.nanoTime();
                if (retry != null && retry.notBeforeNanos() - now > 0) {
                    waitNanos = Math.min(waitNanos, retry.notBeforeNanos() - now);
                    continue;
                }
                if (attempt(head, retry)) {
                    waitNanos = 0; // the address may have more; look again at once
                } else {
                    waitNanos = Math.min(waitNanos, retries.get(head.address()).notBeforeNanos() - System.nanoTime());
                }
            }
            try {
                outbox.awaitChange(seen, Math.max(0, (waitNanos + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean attempt(Outbox.Pending head, Retry retry) {
        try {
            delivery.deliver(head.address(), head.record());
        } catch (Exception e) {
            int failures = retry == null ? 1 : retry.failures() + 1;
            Duration delay = backoff.delayAfter(failures);
            retries.put(head.address(), new Retry(failures, System.nanoTime() + delay.toNanos()));
            log.warn("cannot deliver record {} ({}) to {} (attempt {}): {}; retrying in {} ms", head.record().rid(),
                    head.record().state(), head.address(), failures, e.toString(), delay.toMillis());
            return false;
        }
        retries.remove(head.address());
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
