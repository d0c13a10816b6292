package io.backupd.daemon.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's sweep of upload temporaries its node left behind ({@link Storage#sweepTemporaries}):
 * once when it starts, before any upload of its own, and then periodically on one daemon thread, so a
 * node that never restarts does not keep a killed upload's hundreds of megabytes forever. A temporary
 * counts as left behind once it was not written for {@code idle}: a long upload keeps its file fresh.
 */
public final class TemporarySweeper implements AutoCloseable {
    /** How often the sweep runs. */
    public static final Duration EVERY = Duration.ofMinutes(15);
    /** How long a temporary must have been left unwritten before it is swept. */
    public static final Duration IDLE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(TemporarySweeper.class);

    private final Storage storage;
    private final Clock clock;
    private final Duration idle;
    private final ScheduledExecutorService timer;

    private TemporarySweeper(Storage storage, Clock clock, Duration idle) {
        this.storage = storage;
        this.clock = clock;
        this.idle = idle;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storage-temp-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sweeps now, then every {@code every}. */
    public static TemporarySweeper start(Storage storage, Clock clock, Duration every, Duration idle) {
        TemporarySweeper sweeper = new TemporarySweeper(storage, clock, idle);
        sweeper.sweep();
        sweeper.timer.scheduleWithFixedDelay(sweeper::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return sweeper;
    }

    /** One sweep; returns how many temporaries it deleted. Never throws: the next sweep tries again. */
    int sweep() {
        try {
            int swept = storage.sweepTemporaries(clock.instant().minus(idle));
            if (swept > 0) {
                LOG.info("swept {} upload temporaries left behind by killed uploads of this node in {}", swept,
                        storage.location());
            }
            return swept;
        } catch (RuntimeException e) {
            LOG.warn("sweeping upload temporaries in {} failed: {}", storage.location(), e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
