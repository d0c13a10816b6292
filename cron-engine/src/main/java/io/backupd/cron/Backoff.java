package io.backupd.cron;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": after the n-th failure in a row wait between half and
 * all of {@code min(cap, initial * 2^(n-1))}. The jitter spreads the retries of many daemons that
 * lost the same controller at the same moment.
 */
record Backoff(Duration initial, Duration cap) {
    static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    Duration delayAfter(int failures) {
        long initialNanos = initial.toNanos();
        long capNanos = cap.toNanos();
        int doublings = Math.max(0, Math.min(failures - 1, 40));
        long full = initialNanos > (capNanos >> doublings) ? capNanos : Math.min(capNanos, initialNanos << doublings);
        long half = full / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
