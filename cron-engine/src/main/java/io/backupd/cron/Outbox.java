package io.backupd.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The durable queue of pending deliveries: one file per (address, record) in {@code outbox/},
 * named by a sequence number that orders the deliveries. A delivery leaves the queue only when
 * {@link #delivered} is called, so a restart resends whatever was not confirmed (at least once).
 * Thread-safe; {@link #awaitChange} lets the delivery thread sleep until something is enqueued.
 */
final class Outbox {
    static final String DIR = "outbox";

    private final Path dir;
    private final NotifyAddresses addresses;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long nextSeq = 1;
    private long changes;

    /** One pending delivery; also the shape of its file. */
    record Pending(long seq, String address, JobRecord record) {
    }

    Outbox(Path dataDir, NotifyAddresses addresses) {
        this.dir = dataDir.resolve(DIR);
        this.addresses = addresses;
        load();
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    Files.deleteIfExists(file); // a write the process did not finish; its enqueue never returned
                } else if (name.endsWith(".json")) {
                    AtomicFiles.read(file, new TypeReference<Pending>() { }).ifPresent(p -> pending.put(p.seq(), p));
                }
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot read the outbox " + dir + ": " + e, e);
        }
        if (!pending.isEmpty()) {
            nextSeq = pending.lastKey() + 1;
        }
    }

    /** Queues {@code record} for every current notify address; durable when this returns. */
    synchronized void enqueue(JobRecord record) {
        for (String address : addresses.list()) {
            Pending delivery = new Pending(nextSeq++, address, record);
            AtomicFiles.write(fileOf(delivery.seq()), delivery);
            pending.put(delivery.seq(), delivery);
        }
        changed();
    }

    /**
     * The oldest pending deliveries of each address, at most {@code max} of each, oldest first:
     * per address, records go out in order.
     */
    synchronized List<List<Pending>> heads(int max) {
        Map<String, List<Pending>> first = new LinkedHashMap<>();
        for (Pending delivery : pending.values()) {
            List<Pending> ofAddress = first.computeIfAbsent(delivery.address(), a -> new ArrayList<>());
            if (ofAddress.size() < max) {
                ofAddress.add(delivery);
            }
        }
        return new ArrayList<>(first.values());
    }

    synchronized void delivered(List<Pending> deliveries) {
        for (Pending delivery : deliveries) {
            if (pending.remove(delivery.seq()) != null) {
                AtomicFiles.delete(fileOf(delivery.seq()));
            }
        }
    }

    /** How many deliveries to {@code address} are pending. */
    synchronized int pendingFor(String address) {
        return (int) pending.values().stream().filter(p -> p.address().equals(address)).count();
    }

    /**
     * Hands the pending deliveries of {@code removed} to {@code remaining}: each record one of them
     * does not have pending yet is queued for it (durably) before the removed address's copy is
     * deleted, so a crash in between sends a record twice, never loses it. With no remaining address
     * nothing is moved or deleted: the deliveries stay queued for {@code removed} and keep being retried.
     */
    synchronized void reassign(String removed, List<String> remaining) {
        if (remaining.isEmpty()) {
            return;
        }
        List<Pending> moving = pending.values().stream().filter(p -> p.address().equals(removed)).toList();
        for (String address : remaining) {
            Set<JobRecord> queued = new HashSet<>();
            pending.values().stream().filter(p -> p.address().equals(address)).forEach(p -> queued.add(p.record()));
            for (Pending delivery : moving) {
                if (queued.add(delivery.record())) {
                    Pending moved = new Pending(nextSeq++, address, delivery.record());
                    AtomicFiles.write(fileOf(moved.seq()), moved);
                    pending.put(moved.seq(), moved);
                }
            }
        }
        for (Pending delivery : moving) {
            pending.remove(delivery.seq());
            AtomicFiles.delete(fileOf(delivery.seq()));
        }
        changed();
    }

    synchronized int depth() {
        return pending.size();
    }

    /** Counts changes, so a waiter can tell whether it missed one between looking and waiting. */
    synchronized long changes() {
        return changes;
    }

    /** Waits up to {@code millis} unless something changed since {@code seen}. */
    synchronized void awaitChange(long seen, long millis) throws InterruptedException {
        if (changes == seen && millis > 0) {
            wait(millis);
        }
    }

    /** Wakes the delivery thread, e.g. to let it see that it should stop. */
    synchronized void changed() {
        changes++;
        notifyAll();
    }

    private Path fileOf(long seq) {
        return dir.resolve(String.format("%020d.json", seq));
    }
}
