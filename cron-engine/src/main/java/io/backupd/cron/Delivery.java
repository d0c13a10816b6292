package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.io.IOException;

/**
 * Sends one record to one notify address. Returns normally only when the receiver answered 2xx;
 * anything else is an exception and the outbox retries later. Called from one thread at a time.
 */
@FunctionalInterface
public interface Delivery {
    void deliver(String address, JobRecord record) throws IOException;
}
