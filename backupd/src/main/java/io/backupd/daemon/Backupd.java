package io.backupd.daemon;

import io.backupd.common.api.JobActions;
import io.backupd.common.spec.FullFormat;
import io.backupd.cron.CronEngine;
import io.backupd.cron.EngineConfig;
import io.backupd.cron.TaskRegistry;
import io.backupd.daemon.api.v1.BackupRoutes;
import io.backupd.daemon.api.v1.CheckRoutes;
import io.backupd.daemon.api.v1.CronRoutes;
import io.backupd.daemon.api.v1.DebugRoutes;
import io.backupd.daemon.api.v1.HealthRoutes;
import io.backupd.daemon.api.v1.NotifyRoutes;
import io.backupd.daemon.api.v1.RecoverRoutes;
import io.backupd.daemon.api.v1.RouteGroup;
import io.backupd.daemon.backup.BackupCatalog;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTask;
import io.backupd.daemon.backup.expire.ExpireTask;
import io.backupd.daemon.backup.expire.JobSetView;
import io.backupd.daemon.backup.format.ArchiveFormat;
import io.backupd.daemon.backup.format.ArchiveFormatRegistry;
import io.backupd.daemon.backup.full.FullBackup;
import io.backupd.daemon.backup.full.GzipCompression;
import io.backupd.daemon.backup.full.TarArchiveWriter;
import io.backupd.daemon.backup.full.ZstdArchiveStream;
import io.backupd.daemon.backup.full.ZstdCompression;
import io.backupd.daemon.backup.inventory.BackupDeletion;
import io.backupd.daemon.backup.inventory.BackupListing;
import io.backupd.daemon.backup.inventory.BackupLookup;
import io.backupd.daemon.backup.recover.ArchiveReader;
import io.backupd.daemon.backup.recover.GzipArchiveReader;
import io.backupd.daemon.backup.recover.FilesRecoverPlanner;
import io.backupd.daemon.backup.recover.FilesRecoverTask;
import io.backupd.daemon.backup.recover.RecoverPlanner;
import io.backupd.daemon.backup.recover.RecoverTask;
import io.backupd.daemon.backup.recover.RestoreRecovery;
import io.backupd.daemon.backup.restore.CrashPoint;
import io.backupd.daemon.backup.snapshot.SnapshotBackup;
import io.backupd.daemon.backup.snapshot.SnapshotCheckTask;
import io.backupd.daemon.backup.snapshot.SnapshotExpiry;
import io.backupd.daemon.backup.snapshot.SnapshotInventory;
import io.backupd.daemon.backup.restore.ExtractLimits;
import io.backupd.daemon.backup.restore.Restorer;
import io.backupd.daemon.backup.restore.VolumeSwap;
import io.backupd.daemon.hooks.DockerHookRunner;
import io.backupd.daemon.hooks.HookRunner;
import io.backupd.daemon.hooks.HookRunnerRegistry;
import io.backupd.daemon.hooks.LocalHookRunner;
import io.backupd.daemon.notify.OkHttpDelivery;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageRegistry;
import io.backupd.daemon.storage.TemporarySweeper;
import io.backupd.daemon.storage.fs.FsStorage;
import io.backupd.http.ApiServer;
import io.backupd.http.auth.Access;
import io.backupd.http.auth.Authenticator;
import io.backupd.http.auth.ListenPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The daemon's composition root and {@code main}: the one place that builds the storage driver,
 * hook runner, archive formats, tasks, cron engine, notify delivery and the v1 API from a
 * {@link DaemonConfig} and wires them through constructors. Every extension point is a readable
 * list below. {@link #start} settles interrupted restores before the engine can run anything.
 */
public final class Backupd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backupd.class);
    /** The largest request body: a job set of some ten thousand jobs; the daemon runs in a small heap. */
    public static final long MAX_REQUEST_BYTES = 4L << 20;

    private final CronEngine engine;
    private final OkHttpDelivery delivery;
    private final ApiServer http;
    private final String host;
    private final String scheme;
    private final TemporarySweeper sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Backupd(CronEngine engine, OkHttpDelivery delivery, ApiServer http, String host, String scheme,
            TemporarySweeper sweeper) {
        this.engine = engine;
        this.delivery = delivery;
        this.http = http;
        this.host = host;
        this.scheme = scheme;
        this.sweeper = sweeper;
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

    /**
     * The archive formats, each with its writer and reader: {@code format} of a job names the one a
     * full backup is written in, a catalog entry's {@code format} the one a restore reads.
     */
    public static ArchiveFormatRegistry archiveFormats(Storage storage, BackupLayout layout) {
        return new ArchiveFormatRegistry()
                // read on every core with the member index our writer keeps beside the archive; any other gzip sequentially
                .register(new ArchiveFormat(FullFormat.TAR_GZ, new TarArchiveWriter(new GzipCompression()),
                        new GzipArchiveReader(storage, layout::memberIndexKey)))
                .register(new ArchiveFormat(FullFormat.TAR_ZST, new TarArchiveWriter(new ZstdCompression()),
                        ArchiveReader.of(ZstdArchiveStream::input)));
    }

    /** The tasks jobs can name in their {@code action}. */
    static TaskRegistry tasks(DaemonConfig config, SharedParts parts, VolumeSwap swap, HookRunner hooks, JobSetView jobs,
                              Clock clock) {
        ArchiveFormatRegistry formats = archiveFormats(parts.storage(), parts.layout());
        FullBackup full = new FullBackup(parts.storage(), formats.writers(), parts.layout()::memberIndexKey);
        BackupCatalog catalog = new BackupCatalog(parts.layout(), parts.catalogs(), parts.rebuild(), config.nodeIp());
        RecoverTask recover = new RecoverTask(recoverPlanner(parts, jobs), parts.locks(), parts.storage(),
                formats.readers(),
                new Restorer(swap, ExtractLimits.defaults(), CrashPoint.NONE));
        SnapshotBackup snapshots = new SnapshotBackup(parts.layout(), parts.storage(), parts.snapshots(), config.nodeIp());
        return new TaskRegistry()
                .register(JobActions.BACKUP, new BackupTask(parts.layout(), parts.locks(), parts.slots(), full, catalog,
                        snapshots, hooks, config.hookTimeout(), clock))
                .register(JobActions.BACKUP_EXPIRE, new ExpireTask(jobs, parts.layout(), parts.locks(), parts.catalogs(),
                        parts.rebuild(), parts.storage(), new SnapshotExpiry(parts.layout(), parts.snapshots()), clock))
                // one task: a migrate is a recover into another instance of the same volume; the action names it in records
                .register(JobActions.BACKUP_RECOVER, recover)
                .register(JobActions.BACKUP_MIGRATE, recover)
                // files of an incremental snapshot, into its own volume or (migrate) another instance's
                .register(FilesRecoverPlanner.ACTION, new FilesRecoverTask(filesPlanner(parts, jobs), parts.locks(), parts.snapshots()))
                .register(SnapshotCheckTask.ACTION, SnapshotCheckTask.of(parts.layout(), parts.snapshots()));
    }

    private static SnapshotInventory snapshotInventory(SharedParts parts) {
        return new SnapshotInventory(parts.layout(), parts.storage(), parts.snapshots());
    }

    private static FilesRecoverPlanner filesPlanner(SharedParts parts, JobSetView jobs) {
        return new FilesRecoverPlanner(parts.layout(), recoverPlanner(parts, jobs), snapshotInventory(parts));
    }

    /** Restores only write into the volumes the job set {@code jobs} declares for backup. */
    private static RecoverPlanner recoverPlanner(SharedParts parts, JobSetView jobs) {
        return new RecoverPlanner(parts.layout(), new BackupLookup(parts.layout(), parts.catalogs()),
                archiveFormats(parts.storage(), parts.layout()).readers(), jobs);
    }

    /** The API's route groups. */
    static List<RouteGroup> routes(DaemonConfig config, SharedParts parts, CronEngine engine, JobSetView jobs,
                                   RestoreRecovery recovery) {
        BackupLookup lookup = new BackupLookup(parts.layout(), parts.catalogs());
        return List.of(
                new HealthRoutes(),
                new CronRoutes(engine),
                new BackupRoutes(parts.layout(), new BackupListing(parts.storage(), parts.catalogs(), snapshotInventory(parts)),
                        lookup, new BackupDeletion(parts.layout(), lookup, snapshotInventory(parts), parts.catalogs(),
                                parts.storage(), parts.locks()),
                        parts.rebuild(), snapshotInventory(parts)),
                new RecoverRoutes(parts.layout(), recoverPlanner(parts, jobs), filesPlanner(parts, jobs), parts.locks(), engine,
                        config.nodeIp()),
                new CheckRoutes(parts.layout(), parts.storage(), engine, config.nodeIp()),
                new NotifyRoutes(engine),
                new DebugRoutes(engine, parts.storage(), parts.catalogs(), parts.slots(), parts.locks(),
                        new DebugRoutes.Node(config.nodeIp(), config.hooks(), config.volumeRoot(), recovery)));
    }

    /** Builds storage, hook runner, tasks, engine and the v1 API from {@code config} and starts them. */
    public static Backupd start(DaemonConfig config) {
        // refused before anything runs: a daemon anyone can drive must not start by accident
        Authenticator auth = ListenPolicy.authenticator("daemon", config.host(), config.secret(), config.insecure(),
                Access.CONTROLLER);
        Clock clock = Clock.systemUTC();
        Storage storage = storageDrivers().open(config.storage());
        SharedParts parts = SharedParts.of(config, storage, clock);
        Path journals = parts.layout().restoreJournalDir();
        VolumeSwap swap = new VolumeSwap(journals, CrashPoint.NONE);
        // restores a crash interrupted are finished or undone before any task or request can touch a volume
        RestoreRecovery recovery = RestoreRecovery.run(swap, journals, clock.instant());
        HookRunner hooks = hookRunners().lookup(config.hooks());
        EngineConfig engineConfig = new EngineConfig(config.dataDir(), config.zone(), config.workers(),
                config.catchUpWindow(), config.nodeIp(), EngineConfig.DEFAULT_KEPT_RECORDS, config.minInterval());
        OkHttpDelivery delivery = new OkHttpDelivery(config.secret(), config.nodeIp(), config.tls().trust());
        EngineJobs jobs = new EngineJobs();
        CronEngine engine = new CronEngine(engineConfig, tasks(config, parts, swap, hooks, jobs, clock), delivery, clock);
        jobs.attach(engine);
        ApiServer http;
        try {
            engine.start(recovery::aftermath);
            List<RouteGroup> groups = routes(config, parts, engine, jobs, recovery);
            http = ApiServer.builder("daemon").listen(config.host(), config.port()).maxRequestBytes(MAX_REQUEST_BYTES)
                    .authenticator(auth).tls(config.tls().identity(), config.tls().clientCa())
                    .routes(routes -> groups.forEach(group -> group.addTo(routes))).start();
        } catch (RuntimeException e) {
            engine.close();
            delivery.close();
            throw e;
        }
        // a killed upload's temporary would otherwise stay for as long as the node does not restart; the
        // sweep never touches this process's own open uploads, so it may run beside the first backups
        TemporarySweeper sweeper = TemporarySweeper.start(storage, clock, TemporarySweeper.EVERY, TemporarySweeper.IDLE);
        Backupd daemon = new Backupd(engine, delivery, http, config.host(), config.tls().serverScheme(), sweeper);
        LOG.info("backupd listening on {} (node {}, storage {}, volumes {}, hooks {}, data {}, max backups {}, {})",
                daemon.baseUrl(), config.nodeIp(), storage.location(), config.volumeRoot(), hooks.name(), config.dataDir(),
                config.maxBackups(), config.secret() == null ? "no credential asked" : "cluster secret required");
        return daemon;
    }

    /** The port the v1 API listens on (the real one when the config asked for 0). */
    public int port() {
        return http.port();
    }

    /** Every route the v1 API serves, with the access each declared. */
    public List<ApiServer.Route> routes() {
        return http.routes();
    }

    /** {@code http://host:port} ({@code https} with a certificate), without a trailing slash; a wildcard bind address is reached via loopback. */
    public String baseUrl() {
        String reach = switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return scheme + "://" + reach + ":" + port();
    }

    /** Stops the API and the engine; running tasks are asked to cancel. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.close();
        engine.close();
        delivery.close();
        sweeper.close();
        LOG.info("backupd stopped");
    }

    public static void main(String[] args) {
        int code = new CommandLine(new BackupdCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
