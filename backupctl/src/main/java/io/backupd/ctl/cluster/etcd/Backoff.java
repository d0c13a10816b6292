package io.backupd.ctl.cluster.etcd;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnect attempts: doubling from {@code initial} up to {@code max}. Each delay is
 * shortened by up to a fifth at random so that several controllers that lost etcd together do not
 * come back at the same instant. Not thread-safe (used on the watcher's event thread).
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    Duration next() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Duration.ofMillis(base - jitter);
    }

    /** After a success: the next failure waits the initial delay again. */
    void reset() {
        nextMillis = initialMillis;
    }
}
