package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backup, restore, delete or expiry per volume at a time on this node. Shared by every task
 * that touches volumes. Thread-safe.
 *
 * <p>Two ways to claim a volume. {@link #acquire} fails at once with VOLUME_BUSY naming the run
 * that holds it: for requests, whose caller gets a 409 and can retry. {@link #await} queues for
 * it, first come first served, up to {@code maxWait}: for scheduled backups, which nobody is
 * there to retry, so that a full and an incremental backup of one volume on one schedule both
 * run. A released volume is handed straight to the longest waiter, so an immediate claim never
 * jumps the queue and two waiters cannot starve each other.
 */
public final class VolumeLocks {
    /**
     * How long a scheduled backup waits for its volume: the same order as the wait for a backup
     * slot. Long enough for the other backup of the volume at the same slot to finish; bounded so
     * that a stuck run shows as a failed record instead of silently holding its waiters.
     */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(VolumeLocks.class);
    private static final long POLL_MILLIS = 100; // how soon a waiter notices that it was cancelled

    private final Duration maxWait;
    private final Map<Path, String> holders = new HashMap<>(); // guarded by this
    private final Map<Path, ArrayDeque<String>> queues = new HashMap<>(); // waiting rids per volume, oldest first; guarded by this

    /** A claimed volume; closing releases it (to the longest waiter, if any). Closing twice is harmless. */
    public interface Held extends AutoCloseable {
        /** How long the claim waited for the volume; zero when it was free. */
        Duration waited();

        /** The run that held the volume when the claim began to wait; empty when it was free. */
        Optional<String> behind();

        @Override
        void close();
    }

    public VolumeLocks() {
        this(DEFAULT_MAX_WAIT);
    }

    public VolumeLocks(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Claims {@code volumeDir} for {@code holder} (a record id); VOLUME_BUSY at once when it is claimed already. */
    public synchronized Held acquire(Path volumeDir, String holder) {
        Path key = key(volumeDir);
        requireFree(key);
        holders.put(key, holder);
        return new Claim(key, holder, Duration.ZERO, null);
    }

    /**
     * Claims {@code volumeDir} for {@code holder}, waiting behind earlier waiters up to the max wait
     * while {@code cancelled} is false. VOLUME_BUSY naming the holder when the wait runs out;
     * CancellationException when the run is cancelled (the daemon is closing). Either way it leaves
     * the queue and is never handed the volume afterwards.
     */
    public Held await(Path volumeDir, String holder, BooleanSupplier cancelled) {
        Path key = key(volumeDir);
        long begun = System.nanoTime();
        String behind;
        synchronized (this) {
            behind = holders.get(key);
            if (behind == null) {
                holders.put(key, holder);
                return new Claim(key, holder, Duration.ZERO, null);
            }
            queues.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(holder);
        }
        LOG.info("run {} waits for volume {}, busy with run {}", holder, key, behind);
        waitForHandOver(key, holder, behind, begun, cancelled);
        Duration waited = Duration.ofNanos(System.nanoTime() - begun);
        LOG.info("run {} got volume {} after waiting {} ms behind run {}", holder, key, waited.toMillis(), behind);
        return new Claim(key, holder, waited, behind);
    }

    private synchronized void waitForHandOver(Path key, String holder, String behind, long begun, BooleanSupplier cancelled) {
        long deadline = begun + maxWait.toNanos();
        try {
            while (!holder.equals(holders.get(key))) {
                if (cancelled.getAsBoolean()) {
                    leaveQueue(key, holder);
                    throw new CancellationException("the run was cancelled while waiting for volume " + key);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    leaveQueue(key, holder);
                    String now = holders.get(key);
                    throw new BackupException(ErrorCode.VOLUME_BUSY, "volume " + key + " is still busy with run " + now
                            + " after this run waited " + maxWait.toSeconds() + "s for it (behind run " + behind
                            + "); nothing was done", Map.of("rid", now), null);
                }
                wait(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        } catch (InterruptedException e) {
            leaveQueue(key, holder);
            release(key, holder); // handed over just as the interrupt came: pass it on, or the volume stays claimed
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for volume " + key);
        }
    }

    private void leaveQueue(Path key, String holder) {
        ArrayDeque<String> queue = queues.get(key);
        if (queue != null && queue.remove(holder) && queue.isEmpty()) {
            queues.remove(key);
        }
    }

    private synchronized void release(Path key, String holder) {
        if (!holders.remove(key, holder)) {
            return;
        }
        ArrayDeque<String> queue = queues.get(key);
        if (queue != null) {
            holders.put(key, queue.removeFirst());
            if (queue.isEmpty()) {
                queues.remove(key);
            }
            notifyAll();
        }
    }

    /** VOLUME_BUSY naming the holder when {@code volumeDir} is claimed now: lets a request be refused before it queues a run. */
    public synchronized void requireFree(Path volumeDir) {
        Path key = key(volumeDir);
        String current = holders.get(key);
        if (current != null) {
            throw new BackupException(ErrorCode.VOLUME_BUSY, "volume " + key + " is busy with run " + current,
                    Map.of("rid", current), null);
        }
    }

    /** The run holding {@code volumeDir} now, if any: lets a request answer VOLUME_BUSY before it queues a run. */
    public synchronized Optional<String> holder(Path volumeDir) {
        return Optional.ofNullable(holders.get(key(volumeDir)));
    }

    /** The runs holding volumes now, for {@code /debug}. */
    public synchronized Map<Path, String> held() {
        return Map.copyOf(holders);
    }

    /** How many runs wait for a volume now, for {@code /debug}. */
    public synchronized int waiting() {
        return queues.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    private static Path key(Path volumeDir) {
        return volumeDir.toAbsolutePath().normalize();
    }

    private final class Claim implements Held {
        private final Path key;
        private final String holder;
        private final Duration waited;
        private final String behind;

        Claim(Path key, String holder, Duration waited, String behind) {
            this.key = key;
            this.holder = holder;
            this.waited = waited;
            this.behind = behind;
        }

        @Override
        public Duration waited() {
            return waited;
        }

        @Override
        public Optional<String> behind() {
            return Optional.ofNullable(behind);
        }

        @Override
        public void close() {
            release(key, holder);
        }
    }
}
