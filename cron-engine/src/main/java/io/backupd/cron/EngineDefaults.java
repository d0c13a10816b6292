package io.backupd.cron;

import java.time.Clock;
import java.util.Objects;

/** Fills unset {@link EngineConfig} values, so a half-filled config still gives a working engine. */
final class EngineDefaults {
    private EngineDefaults() {
    }

    static EngineConfig apply(EngineConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(config.dataDir(), "config.dataDir");
        return new EngineConfig(
                config.dataDir(),
                config.zone() != null ? config.zone() : clock.getZone(),
                config.workers() > 0 ? config.workers() : EngineConfig.DEFAULT_WORKERS,
                config.catchUpWindow() != null && !config.catchUpWindow().isNegative()
                        ? config.catchUpWindow() : EngineConfig.DEFAULT_CATCH_UP_WINDOW,
                config.nodeIp() != null ? config.nodeIp() : "",
                config.keptRecords() > 0 ? config.keptRecords() : EngineConfig.DEFAULT_KEPT_RECORDS,
                config.minInterval() != null && !config.minInterval().isZero() && !config.minInterval().isNegative()
                        ? config.minInterval() : EngineConfig.DEFAULT_MIN_INTERVAL);
    }
}
