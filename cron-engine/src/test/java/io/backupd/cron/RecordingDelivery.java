package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Delivery} that keeps what it was given. It can be told to fail its next N calls, or to
 * fail every call to some addresses, as an unreachable controller would. Thread-safe.
 */
final class RecordingDelivery implements Delivery {
    record Delivered(String address, JobRecord record) {
    }

    private final List<Delivered> delivered = new ArrayList<>();
    private final List<Integer> batches = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    RecordingDelivery failNext(int calls) {
        failuresLeft.set(calls);
        return this;
    }

    RecordingDelivery failAlways(String address) {
        down.add(address);
        return this;
    }

    @Override
    public void deliver(String address, List<JobRecord> records) throws IOException {
        attempts.incrementAndGet();
        if (down.contains(address)) {
            throw new IOException(address + " is down");
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("connection refused (simulated)");
        }
        synchronized (delivered) {
            batches.add(records.size());
            records.forEach(record -> delivered.add(new Delivered(address, record)));
        }
    }

    /** How many records each successful call carried, in order. */
    List<Integer> batchSizes() {
        synchronized (delivered) {
            return List.copyOf(batches);
        }
    }

    List<Delivered> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    /** "rid:state" of what reached {@code address}, in arrival order. */
    List<String> arrivedAt(String address) {
        return delivered().stream().filter(d -> d.address().equals(address))
                .map(d -> d.record().rid() + ":" + d.record().state().name().toLowerCase()).toList();
    }

    int attempts() {
        return attempts.get();
    }
}
