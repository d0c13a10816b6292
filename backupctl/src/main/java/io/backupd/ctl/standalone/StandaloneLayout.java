package io.backupd.ctl.standalone;

import io.backupd.daemon.DaemonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Where standalone mode keeps everything, all under one data folder so a user can back it up,
 * move it or delete it as one thing:
 * <pre>
 *   DATA/backupctl.db   the controller's records
 *   DATA/backups/       the backups (fs storage)
 *   DATA/volumes/       the volumes, unless --volume-root says otherwise
 *   DATA/daemon/        the embedded daemon's own state
 *   DATA/db-copies/     where POST /api/v2/system/backup writes, unless --backup-dir says otherwise
 * </pre>
 * The one node is 127.0.0.1: the embedded daemon listens there, on a port of its own choosing.
 */
public record StandaloneLayout(Path data, Path volumeRoot, ZoneId zone, Path backupDir) {
    public static final String NODE = "127.0.0.1";
    private static final int WORKERS = 2;
    private static final Duration CATCH_UP_WINDOW = Duration.ofHours(1);

    public StandaloneLayout {
        data = data.toAbsolutePath().normalize();
        volumeRoot = volumeRoot == null ? data.resolve("volumes") : volumeRoot.toAbsolutePath().normalize();
        backupDir = backupDir == null ? data.resolve("db-copies") : backupDir.toAbsolutePath().normalize();
    }

    /** The default folder for database copies, {@code DATA/db-copies}. */
    public StandaloneLayout(Path data, Path volumeRoot, ZoneId zone) {
        this(data, volumeRoot, zone, null);
    }

    public Path database() {
        return data.resolve("backupctl.db");
    }

    public Path backups() {
        return data.resolve("backups");
    }

    public Path daemonDir() {
        return data.resolve("daemon");
    }

    public void createDirectories() {
        try {
            for (Path dir : new Path[]{data, backups(), volumeRoot, daemonDir()}) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the standalone data folders under " + data + ": " + e.getMessage(), e);
        }
    }

    /** The embedded daemon: loopback only, port 0, local hooks (no Docker in standalone use). */
    public DaemonConfig daemonConfig(Duration minInterval) {
        return new DaemonConfig(NODE, 0, NODE, "fs:" + backups(), volumeRoot, daemonDir(), "local",
                DaemonConfig.DEFAULT_HOOK_TIMEOUT, zone, WORKERS, CATCH_UP_WINDOW, DaemonConfig.DEFAULT_MAX_BACKUPS, minInterval);
    }
}
