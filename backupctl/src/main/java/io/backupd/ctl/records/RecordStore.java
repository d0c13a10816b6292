package io.backupd.ctl.records;

import io.backupd.common.api.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The controller's durable store of job records, as daemons report them.
 *
 * <p>Delivery is at least once, so {@link #put} is idempotent by record id, and the record's state
 * only moves forward: a {@code running} report arriving after {@code success} or {@code failed}
 * (a retried outbox entry overtaking the final one) is ignored. A record's {@code app} comes from
 * its job args; records without one (node-wide jobs such as {@code backup_expire}) are kept by rid
 * and listed across apps, never for one app. Implementations are thread-safe; a write is durable
 * (committed) when {@code put} returns.
 */
public interface RecordStore {

    /** Stores or updates {@code record}; returns false when it changed nothing (duplicate or stale). */
    default boolean put(JobRecord record) {
        return putAll(List.of(record)) == 1;
    }

    /**
     * Stores or updates each of {@code records}, in order, as one durable write: all of them or
     * none. Returns how many changed something.
     */
    int putAll(List<JobRecord> records);

    Optional<JobRecord> byRid(String rid);

    /**
     * Up to {@code total} records of {@code app} whose start lies in {@code [from, to)}, newest
     * start first (ties by rid, ascending). {@code from}/{@code to} may be null for no bound.
     */
    List<JobRecord> newestFirst(String app, int total, Instant from, Instant to);

    /** As {@link #newestFirst(String, int, Instant, Instant)}, over every record of every app and none. */
    List<JobRecord> newestFirstAll(int total, Instant from, Instant to);
}
