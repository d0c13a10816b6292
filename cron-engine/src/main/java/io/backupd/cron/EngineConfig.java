package io.backupd.cron;

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
 */
public record EngineConfig(Path dataDir, ZoneId zone, int workers, Duration catchUpWindow, String nodeIp, int keptRecords) {
    public static final int DEFAULT_WORKERS = 2;
    public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);
    public static final int DEFAULT_KEPT_RECORDS = 1000;
}
