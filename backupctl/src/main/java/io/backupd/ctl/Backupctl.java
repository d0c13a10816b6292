package io.backupd.ctl;

import io.backupd.common.spec.LainYamlParser;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.api.v1.V1Routes;
import io.backupd.ctl.api.v2.BackupRoutes;
import io.backupd.ctl.api.v2.CronRoutes;
import io.backupd.ctl.api.v2.RecordRoutes;
import io.backupd.ctl.api.v2.ServerRoutes;
import io.backupd.ctl.api.v2.SystemRoutes;
import io.backupd.ctl.backups.BackupRestores;
import io.backupd.ctl.backups.BackupService;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.cluster.DirectorySource;
import io.backupd.ctl.cluster.etcd.EtcdSource;
import io.backupd.ctl.cluster.etcd.EtcdWatcherConfig;
import io.backupd.ctl.cron.CronJobs;
import io.backupd.ctl.daemons.DaemonBackups;
import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.http.auth.Access;
import io.backupd.http.auth.Authenticator;
import io.backupd.http.auth.ListenPolicy;
import io.backupd.ctl.daemons.FanOut;
import io.backupd.ctl.db.ControllerDb;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.ctl.dispatch.MapDbSleepStates;
import io.backupd.ctl.dispatch.SleepStates;
import io.backupd.ctl.plan.Planner;
import io.backupd.ctl.records.AppRecords;
import io.backupd.ctl.records.MapDbRecordStore;
import io.backupd.ctl.records.RecordStore;
import io.backupd.http.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The controller's composition root and {@code main}: the commands parse flags into a
 * {@link ControllerConfig}; {@link #start} builds the database (records, sleep states), the config
 * source (etcd or a folder), the daemon client, planner, dispatcher, the feature services and the
 * HTTP API's route groups from it, and wires them through constructors.
 */
@Command(name = "backupctl", mixinStandardHelpOptions = true, version = "backupctl 0.1.0",
        description = "Volume backup controller for Lain-style clusters.",
        subcommands = {ControllerCommand.class, StandaloneCommand.class, CommandLine.HelpCommand.class})
public final class Backupctl implements Runnable {
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    /** Longer than one daemon call may take (15 s), so a slow node is still waited for once. */
    private static final Duration FAN_OUT_DEADLINE = Duration.ofSeconds(20);
    /** The largest request body: a daemon's notify batch of 100 records, each with its hooks' output tails. */
    public static final long MAX_REQUEST_BYTES = 4L << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(args);
        // a serving command returns only at shutdown; exiting then would block on the shutdown hooks
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses and runs {@code args}; returns the exit code (2 for bad flags). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Backupctl()).setParameterExceptionHandler((e, args) -> {
            // the message and where to look, not the whole usage: the message is what must be seen
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("backupctl: " + e.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the flags and their defaults.");
            return CommandLine.ExitCode.USAGE;
        }).setExecutionExceptionHandler((e, failed, parsed) -> {
            // start-up failures (port taken, database locked) are an operator's to fix: say what, no stack
            failed.getErr().println("backupctl: cannot start: " + describe(e));
            return CommandLine.ExitCode.SOFTWARE;
        });
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: controller or standalone");
    }

    /** Builds and starts a controller; on failure everything already started is closed again. */
    public static Controller start(ControllerConfig config) {
        // refused before anything opens: a controller anyone can feed records must not start by accident
        Authenticator auth = ListenPolicy.authenticator("controller", config.host(), config.secret(), config.insecure(),
                Access.PUBLIC);
        Controller controller = new Controller();
        try {
            Files.createDirectories(config.database().toAbsolutePath().getParent());
            ControllerDb db = ControllerDb.open(config.database());
            controller.started(db);
            RecordStore recordStore = new MapDbRecordStore(db);
            SleepStates sleeps = new MapDbSleepStates(db);

            ConfigSource source = source(config);
            controller.started(source);

            DaemonClient daemons = DaemonClient.forPort(config.dport(), config.secret(), config.httpsToDaemons(), config.tls().trust(),
                    config.tls().identity());
            DaemonBackups daemonBackups = new DaemonBackups(daemons);
            FanOut fanOut = new FanOut(FAN_OUT_DEADLINE);
            controller.started(fanOut);
            AtomicReference<String> advertise = new AtomicReference<>(config.advertise());
            Dispatcher dispatcher = new Dispatcher(new Planner(), daemons, sleeps, () -> advertise.get() + "/api/v2/system/notify",
                    config.reconcileEvery(), RETRY_MIN, RETRY_MAX, Clock.systemUTC());
            controller.started(dispatcher);

            AppRecords records = new AppRecords(recordStore, app -> source.current().apps().containsKey(app));
            CronJobs jobs = new CronJobs(source, dispatcher, daemons, sleeps, fanOut);
            BackupService backups = new BackupService(source, daemonBackups, fanOut);
            BackupRestores restores = new BackupRestores(backups, daemonBackups);
            Clock recordClock = Clock.system(config.zone());
            List<RouteGroup> routes = List.of(
                    new SystemRoutes(records, source, dispatcher, db, Optional.ofNullable(config.backupDir())),
                    new CronRoutes(jobs),
                    new RecordRoutes(records, config.zone(), recordClock),
                    new BackupRoutes(backups, restores),
                    new ServerRoutes(jobs, dispatcher, daemons),
                    new V1Routes(backups, restores, jobs, records, config.zone(), recordClock));
            ApiServer api = ApiServer.builder("controller").listen(config.host(), config.port()).maxRequestBytes(MAX_REQUEST_BYTES)
                    .authenticator(auth).tls(config.tls().identity()).routes(endpoints -> routes.forEach(group -> group.register(endpoints))).start();
            advertise.compareAndSet(null, config.tls().serverScheme() + "://" + HostPort.reachable(config.host()) + ":" + api.port());
            controller.serving(api, advertise.get());

            // listener first, then the current state: a change in between is planned twice, never missed
            source.addListener(dispatcher);
            dispatcher.accept(source.current());
            source.start();
            dispatcher.start();
            return controller;
        } catch (IOException e) {
            controller.close();
            throw new UncheckedIOException("cannot create " + config.database().getParent(), e);
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
    }

    private static ConfigSource source(ControllerConfig config) {
        if (config.etcdEndpoints() != null) {
            return EtcdSource.connect(config.etcdEndpoints(), EtcdWatcherConfig.defaults().withMinInterval(config.minInterval()));
        }
        return new DirectorySource(config.appsDir(), config.nodes(), new LainYamlParser(config.minInterval()), config.pollInterval());
    }
}
