package io.backupd.daemon;

import io.backupd.common.api.JobActions;
import io.backupd.cron.CronEngine;
import io.backupd.cron.EngineConfig;
import io.backupd.cron.TaskRegistry;
import io.backupd.daemon.api.v1.ApiServer;
import io.backupd.daemon.api.v1.CronRoutes;
import io.backupd.daemon.api.v1.DebugRoutes;
import io.backupd.daemon.api.v1.NotifyRoutes;
import io.backupd.daemon.api.v1.RouteGroup;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTask;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.full.FullBackup;
import io.backupd.daemon.backup.full.GzipCompression;
import io.backupd.daemon.backup.full.TarArchiveWriter;
import io.backupd.daemon.hooks.DockerHookRunner;
import io.backupd.daemon.hooks.HookRunner;
import io.backupd.daemon.hooks.HookRunnerRegistry;
import io.backupd.daemon.hooks.LocalHookRunner;
import io.backupd.daemon.notify.OkHttpDelivery;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageRegistry;
import io.backupd.daemon.storage.fs.FsStorage;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The daemon's composition root and {@code main}: the one place that builds the storage driver,
 * hook runner, tasks, cron engine, notify delivery and the v1 API from a {@link DaemonConfig} and
 * wires them through constructors. Every extension point is a readable list below.
 */
public final class Backupd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backupd.class);

    private final CronEngine engine;
    private final OkHttpDelivery delivery;
    private final Javalin http;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Backupd(CronEngine engine, OkHttpDelivery delivery, Javalin http, String host) {
        this.engine = engine;
        this.delivery = delivery;
        this.http = http;
        this.host = host;
    }

    /** The storage drivers, by scheme. */
    static StorageRegistry storageDrivers() {
        return new StorageRegistry()
                .register("fs", where -> new FsStorage(Path.of(where)));
    }

    /** The hook runners, by name. */
    static HookRunnerRegistry hookRunners() {
        return new HookRunnerRegistry()
                .register(new DockerHookRunner("docker"))
                .register(new LocalHookRunner());
    }

    /** The tasks jobs can name in their {@code action}. */
    static TaskRegistry tasks(DaemonConfig config, BackupLayout layout, Storage storage, HookRunner hooks, Clock clock) {
        VolumeLocks locks = new VolumeLocks();
        FullBackup full = new FullBackup(storage, new TarArchiveWriter(new GzipCompression()));
        return new TaskRegistry()
                .register(JobActions.BACKUP, new BackupTask(layout, locks, full, hooks, config.hookTimeout(), clock));
    }

    /** The API's route groups. */
    static List<RouteGroup> routes(DaemonConfig config, BackupLayout layout, CronEngine engine, Storage storage) {
        Map<String, CronRoutes.ArgsCheck> argsChecks = Map.of(
                JobActions.BACKUP, job -> layout.target(job.args()));
        return List.of(
                new CronRoutes(engine, argsChecks),
                new NotifyRoutes(engine),
                new DebugRoutes(engine, storage, new DebugRoutes.Node(config.nodeIp(), config.hooks(), config.volumeRoot())));
    }

    /** Builds storage, hook runner, tasks, engine and the v1 API from {@code config} and starts them. */
    public static Backupd start(DaemonConfig config) {
        Clock clock = Clock.systemUTC();
        Storage storage = storageDrivers().open(config.storage());
        BackupLayout layout = new BackupLayout(config.volumeRoot());
        HookRunner hooks = hookRunners().lookup(config.hooks());
        EngineConfig engineConfig = new EngineConfig(config.dataDir(), config.zone(), config.workers(),
                config.catchUpWindow(), config.nodeIp(), EngineConfig.DEFAULT_KEPT_RECORDS);
        OkHttpDelivery delivery = new OkHttpDelivery();
        CronEngine engine = new CronEngine(engineConfig, tasks(config, layout, storage, hooks, clock), delivery, clock);
        Javalin http;
        try {
            engine.start();
            http = ApiServer.start(config.host(), config.port(), routes(config, layout, engine, storage));
        } catch (RuntimeException e) {
            engine.close();
            delivery.close();
            throw e;
        }
        Backupd daemon = new Backupd(engine, delivery, http, config.host());
        LOG.info("backupd listening on {} (node {}, storage {}, volumes {}, hooks {}, data {})", daemon.baseUrl(),
                config.nodeIp(), storage.location(), config.volumeRoot(), hooks.name(), config.dataDir());
        return daemon;
    }

    /** The port the v1 API listens on (the real one when the config asked for 0). */
    public int port() {
        return http.port();
    }

    /** {@code http://host:port}, without a trailing slash; a wildcard bind address is reached via loopback. */
    public String baseUrl() {
        String reach = switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return "http://" + reach + ":" + port();
    }

    /** Stops the API and the engine; running tasks are asked to cancel. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop();
        engine.close();
        delivery.close();
        LOG.info("backupd stopped");
    }

    public static void main(String[] args) {
        int code = new CommandLine(new BackupdCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
