package io.backupd.ctl;

import io.backupd.common.spec.Schedule;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything the controller is started with; the {@code controller} and {@code standalone}
 * commands each fill one.
 *
 * @param host           address the API binds to
 * @param port           API port; 0 picks a free one
 * @param advertise      the controller's URL as daemons reach it; null means
 *                       {@code http://<host>:<actual port>}, loopback for a wildcard host (standalone,
 *                       where the daemon runs in the same process)
 * @param database       the MapDB file of job records
 * @param dport          port of every node's daemon
 * @param volumeRoot     where volumes live on the nodes (informational: daemons resolve volume paths themselves)
 * @param zone           time zone of the month/year record filters
 * @param appsDir        folder of lain.yaml files (the directory source); null with etcd
 * @param nodes          node ips the directory source places instances on; empty with etcd
 * @param pollInterval   how often the apps folder is scanned
 * @param reconcileEvery how often every daemon's job set is checked
 * @param etcdEndpoints  comma-separated etcd endpoints (the etcd source); null with a folder of lain.yaml files
 * @param backupDir      the only folder {@code POST /api/v2/system/backup} writes under; null: database copies are refused
 * @param minInterval    a backup spec (lain.yaml or etcd annotation) whose schedule fires more often than this is refused
 * @param secret         the cluster secret: calls to daemons carry the controller's credential and
 *                       records are taken only from the node they name; null for none
 * @param insecure       may listen on a non-loopback address without a secret ({@code --insecure})
 * @param tls            the API's certificate (HTTPS only when given) and the CAs trusted for calls to
 *                       daemons; {@link TlsSettings#NONE} for plain HTTP and the JDK's trust
 * @param httpsToDaemons call daemons at {@code https://<ip>:<dport>} ({@code --daemon-scheme https})
 */
public record ControllerConfig(String host, int port, String advertise, Path database, int dport, Path volumeRoot,
                               ZoneId zone, Path appsDir, List<String> nodes, Duration pollInterval,
                               Duration reconcileEvery, String etcdEndpoints, Path backupDir, Duration minInterval,
                               ClusterSecret secret, boolean insecure, TlsSettings tls, boolean httpsToDaemons) {
    public ControllerConfig {
        nodes = List.copyOf(nodes);
        backupDir = backupDir == null ? null : backupDir.toAbsolutePath().normalize();
        if ((etcdEndpoints == null) == (appsDir == null)) {
            throw new IllegalArgumentException("exactly one config source: an apps folder or etcd endpoints");
        }
    }

    /** Plain HTTP to the API and to daemons. */
    public ControllerConfig(String host, int port, String advertise, Path database, int dport, Path volumeRoot,
                            ZoneId zone, Path appsDir, List<String> nodes, Duration pollInterval,
                            Duration reconcileEvery, String etcdEndpoints, Path backupDir, Duration minInterval,
                            ClusterSecret secret, boolean insecure) {
        this(host, port, advertise, database, dport, volumeRoot, zone, appsDir, nodes, pollInterval, reconcileEvery,
                etcdEndpoints, backupDir, minInterval, secret, insecure, TlsSettings.NONE, false);
    }

    /** Without a cluster secret: only on loopback (tests). */
    public ControllerConfig(String host, int port, String advertise, Path database, int dport, Path volumeRoot, ZoneId zone,
                            Path appsDir, List<String> nodes, Duration pollInterval, Duration reconcileEvery, String etcdEndpoints,
                            Path backupDir, Duration minInterval) {
        this(host, port, advertise, database, dport, volumeRoot, zone, appsDir, nodes, pollInterval, reconcileEvery, etcdEndpoints,
                backupDir, minInterval, null, false);
    }

    /** Without a backup folder (database copies are refused), with {@link Schedule#DEFAULT_MIN_INTERVAL}, without a secret. */
    public ControllerConfig(String host, int port, String advertise, Path database, int dport, Path volumeRoot, ZoneId zone,
                            Path appsDir, List<String> nodes, Duration pollInterval, Duration reconcileEvery, String etcdEndpoints) {
        this(host, port, advertise, database, dport, volumeRoot, zone, appsDir, nodes, pollInterval, reconcileEvery, etcdEndpoints,
                null, Schedule.DEFAULT_MIN_INTERVAL);
    }
}
