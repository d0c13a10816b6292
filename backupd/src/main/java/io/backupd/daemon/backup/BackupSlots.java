package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * At most {@code max} backups archive at once on this node ({@code --max-backups}), so that the
 * 23:00 rush of daily jobs does not saturate the disks and the storage link, and restores and
 * expiry still find workers when {@code --workers} is larger.
 *
 * <p>A backup that finds every slot taken waits, first come first served, up to {@code maxWait}
 * and then fails with UNAVAILABLE naming the runs that hold the slots. It waits rather than fails
 * at once because a daily job that fails misses a whole day; it is bounded so that a stuck run is
 * reported instead of silently piling up behind it. It waits before {@code pre_run} and before
 * taking the volume lock: no app sits frozen, and no restore is refused, while it waits (except a
 * scheduled backup that had to wait for its volume first and now holds it: {@code BackupClaim}).
 * Thread-safe.
 */
public final class BackupSlots {
    private static final long POLL_MILLIS = 100;

    private final int max;
    private final Duration maxWait;
    private final Semaphore slots;
    private final Set<String> holders = ConcurrentHashMap.newKeySet();

    /** A taken slot; closing frees it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    public BackupSlots(int max, Duration maxWait) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one backup must be able to run, not " + max);
        }
        this.max = max;
        this.maxWait = maxWait;
        this.slots = new Semaphore(max, true);
    }

    /**
     * Takes a slot for run {@code rid}, waiting up to {@code maxWait} while {@code cancelled} is
     * false. UNAVAILABLE when the wait runs out; CancellationException when the run is cancelled.
     */
    public Held acquire(String rid, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (!slots.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("the backup was cancelled while waiting for a backup slot");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new BackupException(ErrorCode.UNAVAILABLE, "no backup slot came free within " + maxWait.toSeconds()
                            + "s: this node runs at most " + max + " backups at once (--max-backups) and runs "
                            + running() + " still hold them; no backup was taken",
                            Map.of("running", running()), null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a backup slot");
        }
        holders.add(rid);
        return () -> {
            if (holders.remove(rid)) {
                slots.release();
            }
        };
    }

    public int max() {
        return max;
    }

    /** Runs holding a slot now. */
    public List<String> running() {
        return List.copyOf(holders);
    }

    /** Backups waiting for a slot now (an estimate, for {@code /debug}). */
    public int waiting() {
        return slots.getQueueLength();
    }
}
