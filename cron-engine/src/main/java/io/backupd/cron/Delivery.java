package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.io.IOException;
import java.util.List;

/**
 * Sends records to one notify address, oldest first, in one call. Returns normally only when the
 * receiver answered 2xx, which confirms all of them; anything else is an exception and the outbox
 * retries later, with backoff, until it succeeds or the address is removed. Called from one thread
 * at a time (the engine's delivery thread), per address in the order the records were made, with
 * at most {@link #MAX_BATCH} records: one when the queue is short, more when a backlog built up
 * (the receiver was down), so catching up costs few requests. Delivery is at least once: after a
 * restart or a lost answer the same record may arrive twice, so the receiver deduplicates by
 * {@code rid}. Should time out rather than block for long: a stuck call holds up every address.
 */
@FunctionalInterface
public interface Delivery {
    /** The most records one call carries. */
    int MAX_BATCH = 100;

    void deliver(String address, List<JobRecord> records) throws IOException;
}
