package io.backupd.ctl.cluster.etcd;

import io.backupd.common.error.BackupException;
import io.backupd.common.spec.Schedule;
import java.time.Duration;

/**
 * How {@link EtcdPodGroupWatcher} talks to etcd.
 *
 * @param prefix         the watched key prefix; must end with {@code /}
 * @param watchdogPeriod how often the watch is checked against etcd's current revision
 * @param requestTimeout the longest a single list or revision check may take
 * @param initialBackoff the first delay before reconnecting after a failure; it doubles per failure
 * @param maxBackoff     the cap on that delay
 * @param minInterval    an annotation's backup whose schedule fires more often than this is refused
 */
public record EtcdWatcherConfig(String prefix, Duration watchdogPeriod, Duration requestTimeout,
                                Duration initialBackoff, Duration maxBackoff, Duration minInterval) {

    /** Where Lain's deployd keeps pod groups. */
    public static final String POD_GROUPS_PREFIX = "/lain/deployd/pod_groups/";

    public EtcdWatcherConfig {
        if (prefix == null || !prefix.endsWith("/")) {
            throw BackupException.invalid("etcd prefix must end with '/': " + prefix);
        }
        requirePositive("watchdog period", watchdogPeriod);
        requirePositive("etcd request timeout", requestTimeout);
        requirePositive("initial reconnect backoff", initialBackoff);
        requirePositive("maximum reconnect backoff", maxBackoff);
        requirePositive("minimum interval", minInterval);
    }

    public static EtcdWatcherConfig defaults() {
        return new EtcdWatcherConfig(POD_GROUPS_PREFIX, Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(10), Schedule.DEFAULT_MIN_INTERVAL);
    }

    public EtcdWatcherConfig withWatchdogPeriod(Duration period) {
        return new EtcdWatcherConfig(prefix, period, requestTimeout, initialBackoff, maxBackoff, minInterval);
    }

    public EtcdWatcherConfig withRequestTimeout(Duration timeout) {
        return new EtcdWatcherConfig(prefix, watchdogPeriod, timeout, initialBackoff, maxBackoff, minInterval);
    }

    public EtcdWatcherConfig withBackoff(Duration initial, Duration max) {
        return new EtcdWatcherConfig(prefix, watchdogPeriod, requestTimeout, initial, max, minInterval);
    }

    public EtcdWatcherConfig withMinInterval(Duration interval) {
        return new EtcdWatcherConfig(prefix, watchdogPeriod, requestTimeout, initialBackoff, maxBackoff, interval);
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw BackupException.invalid(what + " must be positive: " + d);
        }
    }
}
