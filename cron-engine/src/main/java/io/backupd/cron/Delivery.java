package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.io.IOException;

/**
 * Sends one record to one notify address. Returns normally only when the receiver answered 2xx;
 * anything else is an exception and the outbox retries later, with backoff, until it succeeds or
 * the address is removed. Called from one thread at a time (the engine's delivery thread), per
 * address in the order the records were made. Delivery is at least once: after a restart or a lost
 * answer the same record may arrive twice, so the receiver deduplicates by {@code rid}. Should
 * time out rather than block for long: a stuck call holds up every address.
 */
@FunctionalInterface
public interface Delivery {
    void deliver(String address, JobRecord record) throws IOException;
}
