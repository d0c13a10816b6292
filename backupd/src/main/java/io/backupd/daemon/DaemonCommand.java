package io.backupd.daemon;

import io.backupd.common.spec.Schedule;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backupd daemon}: parses flags into a {@link DaemonConfig}, starts, and runs until stopped. */
@Command(name = "daemon", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = "Run the node daemon: the v1 API, the cron engine and the backup tasks.")
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--addr", paramLabel = "<host:port>", defaultValue = "0.0.0.0:9002",
            description = "Address the v1 API listens on.")
    String addr;

    @Option(names = "--ip", paramLabel = "<ipv4>",
            description = "This node's IP as the controller plans for it. Default: the host of --addr, required when that is 0.0.0.0.")
    String ip;

    @Option(names = "--storage", paramLabel = "fs:<dir>", required = true,
            description = "Where backups are stored, e.g. fs:/mnt/backup (a shared file system).")
    String storage;

    @Option(names = "--volume-root", paramLabel = "<dir>", defaultValue = DaemonConfig.DEFAULT_VOLUME_ROOT,
            description = "Volumes are at <dir>/<app>/<procfullname>/<instanceNo>/<volume>; restore journals in <dir>/.backupd-restore.")
    Path volumeRoot;

    @Option(names = "--data", paramLabel = "<dir>", defaultValue = "/var/lib/backupd",
            description = "The daemon's own state: job set, outbox.")
    Path data;

    @Option(names = "--hooks", paramLabel = "docker|local", defaultValue = "docker",
            description = "Where pre_run/post_run run: in the container (docker exec) or on this host (local).")
    String hooks;

    @Option(names = "--hook-timeout", paramLabel = "<duration>", defaultValue = "10m", converter = Flags.DurationConverter.class,
            description = "How long one pre_run/post_run may take before it is killed (e.g. 90s, 10m, 1h).")
    Duration hookTimeout;

    @Option(names = "--zone", paramLabel = "<zone>", defaultValue = "system", converter = Flags.ZoneConverter.class,
            description = "Time zone of cron schedules, e.g. Asia/Shanghai; 'system' uses the host's.")
    ZoneId zone;

    @Option(names = "--workers", paramLabel = "<n>", defaultValue = "2", description = "How many runs may be in progress at once.")
    int workers;

    @Option(names = "--max-backups", paramLabel = "<n>", defaultValue = "" + DaemonConfig.DEFAULT_MAX_BACKUPS,
            description = "How many backups may archive at once; more wait for a slot (up to 1h, then fail). Restores and"
                    + " expiry are not counted, so with --workers above this they still find a worker.")
    int maxBackups;

    @Option(names = "--catch-up-window", paramLabel = "<duration>", defaultValue = "1h", converter = Flags.DurationConverter.class,
            description = "A run missed while the daemon was down is made up once if its slot is this recent.")
    Duration catchUpWindow;

    @Option(names = "--min-interval", paramLabel = "<duration>", defaultValue = "1m", converter = Flags.DurationConverter.class,
            description = "The least time between two scheduled runs of one job: a job set whose schedule fires more often"
                    + " is refused, and no job starts again sooner.")
    Duration minInterval;

    @Option(names = "--cluster-secret-file", paramLabel = "<file>",
            description = "The secret shared with the controller, one a line (new first while rotating), mode 0600,"
                    + " at least 32 bytes. Without it the API asks for no credential, which is allowed only on"
                    + " loopback or with --insecure.")
    Path clusterSecretFile;

    @Option(names = "--insecure", description = "Listen on a non-loopback --addr without --cluster-secret-file:"
            + " anyone who reaches the port may call every endpoint. Warned at every start.")
    boolean insecure;

    @Option(names = "--tls-cert", paramLabel = "<pem>",
            description = "Certificate (PEM; the leaf first, then any intermediates) the v1 API presents: it then speaks"
                    + " HTTPS only. Needs --tls-key; the certificate must name --ip (an IP SAN).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "<pem>", description = "The PKCS#8 private key (PEM) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--ca-file", paramLabel = "<pem>",
            description = "CA certificates (PEM) trusted for https notify addresses instead of the JDK's defaults.")
    Path caFile;

    @Option(names = "--tls-client-ca", paramLabel = "<pem>",
            description = "CA certificates (PEM) a caller's client certificate must be signed by: a caller without one"
                    + " fails the TLS handshake. Needs --tls-cert; the controller presents its own --tls-cert.")
    Path tlsClientCa;

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig config = config();
        Backupd daemon;
        try {
            daemon = Backupd.start(config);
        } catch (RuntimeException e) {
            System.err.println("backupd: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "backupd-shutdown"));
        stopped.await();
        return 0;
    }

    /** Checks what picocli cannot; a bad value is a usage error (exit 2) naming the flag. */
    DaemonConfig config() {
        Flags.HostPort bind = Flags.hostPort(addr).orElseThrow(() -> usage(
                "--addr '" + addr + "' is not <host>:<port> with a port from 0 to 65535"));
        String nodeIp = ip != null ? ip : bind.host();
        if (ip == null && (bind.host().equals("0.0.0.0") || bind.host().isEmpty())) {
            throw usage("--ip is required when --addr listens on all interfaces (" + addr + ")");
        }
        if (!Flags.isIpv4(nodeIp)) {
            throw usage("--ip '" + nodeIp + "' is not an IPv4 address; job ids are derived from it");
        }
        if (!storage.startsWith("fs:") || storage.length() == 3) {
            throw usage("--storage '" + storage + "' is not fs:<dir>");
        }
        if (!hooks.equals("docker") && !hooks.equals("local")) {
            throw usage("--hooks '" + hooks + "' is neither docker nor local");
        }
        if (workers < 1) {
            throw usage("--workers must be at least 1, not " + workers);
        }
        if (maxBackups < 1) {
            throw usage("--max-backups must be at least 1, not " + maxBackups);
        }
        if (hookTimeout.isZero() || hookTimeout.isNegative() || catchUpWindow.isNegative()) {
            throw usage("--hook-timeout must be positive and --catch-up-window not negative");
        }
        try {
            Schedule.checkMinInterval(minInterval);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        ClusterSecret secret;
        try {
            secret = clusterSecretFile == null ? null : ClusterSecret.load(clusterSecretFile);
        } catch (IllegalArgumentException e) {
            throw usage("--cluster-secret-file: " + e.getMessage());
        }
        TlsSettings tls;
        try {
            tls = TlsSettings.fromFlags(tlsCert, tlsKey, caFile, tlsClientCa);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new DaemonConfig(bind.host(), bind.port(), nodeIp, storage, volumeRoot.toAbsolutePath(),
                data.toAbsolutePath(), hooks, hookTimeout, zone, workers, catchUpWindow, maxBackups, minInterval, secret,
                insecure, tls);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
