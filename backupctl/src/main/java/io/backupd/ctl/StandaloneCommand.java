package io.backupd.ctl;

import io.backupd.ctl.standalone.StandaloneLayout;
import io.backupd.common.spec.Schedule;
import io.backupd.daemon.Backupd;
import io.backupd.daemon.Flags;
import io.backupd.http.auth.ClusterSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backupctl standalone}: controller and daemon in one process on one machine, no etcd. */
@Command(name = "standalone", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Run controller and daemon in one process over a folder of lain.yaml files.",
                "Volumes are read from VOLUME-ROOT/<app>/<proc full name>/<instance>/<volume>; backups go to DATA/backups."})
final class StandaloneCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--apps", paramLabel = "DIR", required = true, description = "Folder of lain.yaml files (*.yaml, *.yml), watched while running.")
    Path apps;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Folder for records, backups, volumes and daemon state; created if missing.")
    Path data;

    @Option(names = "--addr", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9002", description = "Address the controller API listens on.")
    String addr;

    @Option(names = "--volume-root", paramLabel = "DIR", description = "Where volumes live. Default: DATA/volumes.")
    Path volumeRoot;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "The only folder POST /api/v2/system/backup writes database copies under. Default: DATA/db-copies.")
    Path backupDir;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of cron schedules and record filters. Default: the system zone.")
    ZoneId zone;

    @Option(names = "--min-interval", paramLabel = "<duration>", defaultValue = "1m", converter = Flags.DurationConverter.class,
            description = "The least time between two scheduled runs of one job; a schedule that fires more often is refused.")
    Duration minInterval;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isDirectory(apps)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--apps: " + apps + " is not a directory");
        }
        HostPort listen;
        try {
            Schedule.checkMinInterval(minInterval);
            listen = HostPort.parse("--addr", addr);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StandaloneLayout layout = new StandaloneLayout(data, volumeRoot, zone == null ? ZoneId.systemDefault() : zone, backupDir);
        Running running = start(apps, layout, listen, minInterval);
        Controller controller = running.controller();
        Backupd daemon = running.daemon();
        log.info("controller listening on http://{}:{} (API under /api/v2), daemon on {}", listen.host(), controller.port(), daemon.baseUrl());
        log.info("apps from {}; volumes in {}; backups in {}; records in {}",
                apps.toAbsolutePath(), layout.volumeRoot(), layout.backups(), layout.database());
        return Serving.serve(running);
    }

    /** A running standalone pair; closing stops the controller first, so nothing is dispatched to a stopped daemon. */
    record Running(Controller controller, Backupd daemon) implements AutoCloseable {
        @Override
        public void close() {
            controller.close();
            daemon.close();
        }
    }

    /** {@link #start(Path, StandaloneLayout, HostPort, Duration)} with the default minimum interval. */
    static Running start(Path apps, StandaloneLayout layout, HostPort listen) {
        return start(apps, layout, listen, Schedule.DEFAULT_MIN_INTERVAL);
    }

    /** Creates the data folders, starts the embedded daemon, then the controller that drives it; both hold schedules to {@code minInterval}. */
    static Running start(Path apps, StandaloneLayout layout, HostPort listen, Duration minInterval) {
        layout.createDirectories();
        // the pair shares a secret of its own, made anew each start: nothing to configure, and the
        // embedded daemon's port answers no one else even though it is on loopback
        ClusterSecret secret = ClusterSecret.random();
        Backupd daemon = Backupd.start(layout.daemonConfig(minInterval).withSecret(secret));
        try {
            // no advertise: the embedded daemon reports to where the controller really listens (a
            // wildcard bind through loopback), on the port it got, known only once it has started
            Controller controller = Backupctl.start(new ControllerConfig(listen.host(), listen.port(), null, layout.database(),
                    daemon.port(), layout.volumeRoot(), layout.zone(), apps, List.of(StandaloneLayout.NODE),
                    Duration.ofSeconds(2), Duration.ofSeconds(30), null, layout.backupDir(), minInterval, secret, false));
            return new Running(controller, daemon);
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
    }
}
