package io.backupd.ctl;

import io.backupd.common.error.BackupException;
import io.backupd.common.spec.Schedule;
import io.backupd.ctl.cluster.etcd.EtcdClients;
import io.backupd.daemon.Flags;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backupctl controller}: the cluster controller, daemons on every node. */
@Command(name = "controller", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Run the controller for a cluster of nodes, each running a backupd daemon.",
                "Cluster state comes from Lain's etcd (--etcd ENDPOINTS) or from a folder of lain.yaml files (--apps DIR --nodes IPS)."})
final class ControllerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--addr", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9002", description = "Address the API listens on.")
    String addr;

    @Option(names = "--advertise", paramLabel = "URL",
            description = "URL daemons report records to. Default: http://HOST:PORT of --addr (https with --tls-cert);"
                    + " required when HOST is 0.0.0.0.")
    String advertise;

    @Option(names = "--etcd", paramLabel = "ENDPOINTS",
            description = "etcd endpoints, comma-separated (http://10.0.0.1:2379,...): pod groups under /lain/deployd/pod_groups/.")
    String etcd;

    @Option(names = "--apps", paramLabel = "DIR", description = "Folder of lain.yaml files (*.yaml, *.yml), watched while running.")
    Path apps;

    @Option(names = "--nodes", paramLabel = "IP,IP,...", description = "Nodes that instances of --apps are placed on, round robin.")
    String nodes;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "/var/lib/backupctl", description = "Where the record database (backupctl.db) is kept.")
    Path data;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "The only folder POST /api/v2/system/backup writes database copies under. Default: none, copies are refused.")
    Path backupDir;

    @Option(names = "--dport", paramLabel = "PORT", defaultValue = "9002", description = "Port of the daemon on every node.")
    int dport;

    @Option(names = "--volume-root", paramLabel = "DIR", defaultValue = "/data/lain/volumes", description = "Where volumes live on the nodes.")
    Path volumeRoot;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of record month/year filters. Default: the system zone.")
    ZoneId zone;

    @Option(names = "--reconcile", paramLabel = "SECONDS", defaultValue = "30", description = "How often every daemon's job set is checked.")
    int reconcileSeconds;

    @Option(names = "--min-interval", paramLabel = "<duration>", defaultValue = "1m", converter = Flags.DurationConverter.class,
            description = "A lain.yaml backup whose schedule fires more often than this is refused; give the daemons the same.")
    Duration minInterval;

    @Option(names = "--cluster-secret-file", paramLabel = "FILE",
            description = "The secret shared with the daemons, one a line (new first while rotating), mode 0600, at least"
                    + " 32 bytes: calls to daemons carry the controller's credential and records are taken only from the"
                    + " node they name. Without it, only a loopback --addr starts, or --insecure.")
    Path clusterSecretFile;

    @Option(names = "--insecure", description = "Listen on a non-loopback --addr without --cluster-secret-file: anyone"
            + " may post records. Warned at every start.")
    boolean insecure;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Certificate (PEM; the leaf first, then any intermediates) the API presents: it then speaks"
                    + " HTTPS only. Needs --tls-key; it must name the host daemons reach in --advertise.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The PKCS#8 private key (PEM) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--daemon-scheme", paramLabel = "http|https", defaultValue = "http",
            description = "How daemons are called: https when they run with --tls-cert.")
    String daemonScheme;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates (PEM) the daemons' certificates must be signed by, instead of the JDK's"
                    + " defaults; goes with --daemon-scheme https.")
    Path caFile;

    @Override
    public Integer call() throws InterruptedException {
        ControllerConfig config = config();
        return Serving.serve(Backupctl.start(config));
    }

    ControllerConfig config() {
        try {
            if ((etcd == null) == (apps == null)) {
                throw new IllegalArgumentException("give exactly one config source: --etcd ENDPOINTS, or --apps DIR --nodes IPS");
            }
            if (etcd != null) {
                if (nodes != null) {
                    throw new IllegalArgumentException("--nodes goes with --apps only: with --etcd, instances are where deployd placed them");
                }
                EtcdClients.checkEndpoints(etcd);
            } else {
                if (!Files.isDirectory(apps)) {
                    throw new IllegalArgumentException("--apps: " + apps + " is not a directory");
                }
                if (nodes == null) {
                    throw new IllegalArgumentException("--apps needs --nodes IP,IP,... to place instances on");
                }
            }
            HostPort listen = HostPort.parse("--addr", addr);
            if (advertise == null && listen.isWildcard()) {
                throw new IllegalArgumentException("--advertise URL is required when --addr listens on " + listen.host()
                        + ": daemons need an address they can reach");
            }
            if (!daemonScheme.equals("http") && !daemonScheme.equals("https")) {
                throw new IllegalArgumentException("--daemon-scheme '" + daemonScheme + "' is neither http nor https");
            }
            if (caFile != null && daemonScheme.equals("http")) {
                throw new IllegalArgumentException("--ca-file is the trust for calls to daemons over TLS: add --daemon-scheme https");
            }
            TlsSettings tls = TlsSettings.fromFlags(tlsCert, tlsKey, caFile);
            String advertised = advertise != null ? stripSlash(advertise)
                    : tls.serverScheme() + "://" + listen.host() + ":" + listen.port();
            if (listen.port() == 0 && advertise == null) {
                advertised = null;
            }
            HostPort.port("--dport", Integer.toString(dport));
            if (reconcileSeconds < 1) {
                throw new IllegalArgumentException("--reconcile must be at least 1 second");
            }
            Schedule.checkMinInterval(minInterval);
            return new ControllerConfig(listen.host(), listen.port(), advertised, data.resolve("backupctl.db"), dport, volumeRoot,
                    zone == null ? ZoneId.systemDefault() : zone, apps, nodes == null ? List.of() : HostPort.nodes("--nodes", nodes),
                    Duration.ofSeconds(2), Duration.ofSeconds(reconcileSeconds), etcd, backupDir, minInterval,
                    clusterSecretFile == null ? null : ClusterSecret.load(clusterSecretFile), insecure, tls,
                    daemonScheme.equals("https"));
        } catch (IllegalArgumentException | BackupException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
