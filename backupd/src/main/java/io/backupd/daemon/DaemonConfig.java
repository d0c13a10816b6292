package io.backupd.daemon;

import io.backupd.common.spec.Schedule;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Everything a daemon is started with; the command line fills it, and standalone mode builds one.
 *
 * @param host          address the v1 API binds to
 * @param port          port of the v1 API; 0 picks a free one (see {@link Backupd#port()})
 * @param nodeIp        this node's ip as the controller plans for it; stamped on records
 * @param storage       where backups go, as {@code fs:<dir>}
 * @param volumeRoot    volumes live at {@code <volumeRoot>/<app>/<procfullname>/<instanceNo>/<volume>};
 *                      restore journals at {@code <volumeRoot>/.backupd-restore}, on the volumes' filesystem
 * @param dataDir       the daemon's own state: job set, outbox, run records
 * @param hooks         {@code docker} or {@code local}
 * @param hookTimeout   how long one pre_run / post_run may take
 * @param zone          time zone of cron schedules
 * @param workers       concurrent runs
 * @param catchUpWindow how recent a missed slot must be to be made up after a restart
 * @param maxBackups    concurrent backups (at most {@code workers} matter); a backup waits up to
 *                      {@link #BACKUP_SLOT_WAIT} for a slot, then fails
 * @param minInterval   the least time between two scheduled starts of one job; a job set whose
 *                      schedule fires more often is refused
 * @param secret        the cluster secret: the v1 API takes only the controller's credential and
 *                      records go out with this node's; null for none (loopback, or {@code insecure})
 * @param insecure      may listen on a non-loopback address without a secret ({@code --insecure})
 * @param tls           the v1 API's certificate (HTTPS only when given) and the CAs trusted for the
 *                      notify addresses; {@link TlsSettings#NONE} for plain HTTP and the JDK's trust
 */
public record DaemonConfig(
        String host,
        int port,
        String nodeIp,
        String storage,
        Path volumeRoot,
        Path dataDir,
        String hooks,
        Duration hookTimeout,
        ZoneId zone,
        int workers,
        Duration catchUpWindow,
        int maxBackups,
        Duration minInterval,
        ClusterSecret secret,
        boolean insecure,
        TlsSettings tls) {

    public static final int DEFAULT_PORT = 9002;
    public static final int DEFAULT_MAX_BACKUPS = 2;
    /** How long a backup waits for one of the {@code maxBackups} slots before it fails. */
    public static final Duration BACKUP_SLOT_WAIT = Duration.ofHours(1);
    /** One minute: a {@code * * * * * *} schedule once made 30 full backups in 30 seconds. */
    public static final Duration DEFAULT_MIN_INTERVAL = Schedule.DEFAULT_MIN_INTERVAL;
    public static final String DEFAULT_VOLUME_ROOT = "/data/lain/volumes";
    public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofMinutes(10);

    /** Plain HTTP, the JDK's trust for notify addresses. */
    public DaemonConfig(String host, int port, String nodeIp, String storage, Path volumeRoot, Path dataDir, String hooks,
                        Duration hookTimeout, ZoneId zone, int workers, Duration catchUpWindow, int maxBackups,
                        Duration minInterval, ClusterSecret secret, boolean insecure) {
        this(host, port, nodeIp, storage, volumeRoot, dataDir, hooks, hookTimeout, zone, workers, catchUpWindow,
                maxBackups, minInterval, secret, insecure, TlsSettings.NONE);
    }

    /** Without a cluster secret: only on loopback (tests, standalone's own wiring before {@link #withSecret}). */
    public DaemonConfig(String host, int port, String nodeIp, String storage, Path volumeRoot, Path dataDir, String hooks,
                        Duration hookTimeout, ZoneId zone, int workers, Duration catchUpWindow, int maxBackups,
                        Duration minInterval) {
        this(host, port, nodeIp, storage, volumeRoot, dataDir, hooks, hookTimeout, zone, workers, catchUpWindow,
                maxBackups, minInterval, null, false);
    }

    /** With the default {@link #DEFAULT_MIN_INTERVAL}, for callers that predate the limit; no cluster secret. */
    public DaemonConfig(String host, int port, String nodeIp, String storage, Path volumeRoot, Path dataDir, String hooks,
                        Duration hookTimeout, ZoneId zone, int workers, Duration catchUpWindow, int maxBackups) {
        this(host, port, nodeIp, storage, volumeRoot, dataDir, hooks, hookTimeout, zone, workers, catchUpWindow,
                maxBackups, DEFAULT_MIN_INTERVAL);
    }

    /** With the default {@link #DEFAULT_MAX_BACKUPS}, for callers that predate the limit (standalone mode). */
    public DaemonConfig(String host, int port, String nodeIp, String storage, Path volumeRoot, Path dataDir, String hooks,
                        Duration hookTimeout, ZoneId zone, int workers, Duration catchUpWindow) {
        this(host, port, nodeIp, storage, volumeRoot, dataDir, hooks, hookTimeout, zone, workers, catchUpWindow,
                DEFAULT_MAX_BACKUPS);
    }

    /** The same config with the cluster secret {@code secret}. */
    public DaemonConfig withSecret(ClusterSecret secret) {
        return new DaemonConfig(host, port, nodeIp, storage, volumeRoot, dataDir, hooks, hookTimeout, zone, workers,
                catchUpWindow, maxBackups, minInterval, secret, insecure, tls);
    }
}
