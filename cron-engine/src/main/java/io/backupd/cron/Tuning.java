package io.backupd.cron;

import java.time.Duration;

/**
 * Waits that production leaves at their defaults and tests shorten.
 *
 * @param closeGrace how long {@code close()} waits for running tasks after cancelling them
 * @param backoff    retry pauses of the outbox
 */
record Tuning(Duration closeGrace, Backoff backoff) {
    static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(10), Backoff.DEFAULT);
}
