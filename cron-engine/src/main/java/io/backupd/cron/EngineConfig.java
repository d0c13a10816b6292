package io.backupd.cron;

import io.backupd.common.spec.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * @param dataDir        where the job set, sleep states, last-run times and outbox persist
 * @param zone           the time zone cron schedules are read in
 * @param workers        how many runs may be in progress at once
 * @param catchUpWindow  a run missed while down is made up once, only if its slot is this recent
 * @param nodeIp         stamped on every record as {@code node}
 * @param keptRecords    how many recent records the engine keeps for {@code /cron/records}
 * @param minInterval    the least time between two scheduled starts of one job: a job set whose
 *                       schedule fires more often is refused, and a job never starts sooner again
 */
public record EngineConfig(Path dataDir, ZoneId zone, int workers, Duration catchUpWindow, String nodeIp, int keptRecords,
                           Duration minInterval) {
    public static final Duration DEFAULT_MIN_INTERVAL = Schedule.DEFAULT_MIN_INTERVAL;
    public static final int DEFAULT_WORKERS = 2;
    public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);
    public static final int DEFAULT_KEPT_RECORDS = 1000;

    /** With {@link #DEFAULT_MIN_INTERVAL}. */
    public EngineConfig(Path dataDir, ZoneId zone, int workers, Duration catchUpWindow, String nodeIp, int keptRecords) {
        this(dataDir, zone, workers, catchUpWindow, nodeIp, keptRecords, DEFAULT_MIN_INTERVAL);
    }
}
