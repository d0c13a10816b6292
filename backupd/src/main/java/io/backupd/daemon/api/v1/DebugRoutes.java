package io.backupd.daemon.api.v1;

import io.backupd.common.api.DaemonStatus;
import io.backupd.cron.CronEngine;
import io.backupd.daemon.backup.BackupSlots;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.recover.RestoreRecovery;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.Storage;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code GET /debug}: what an operator (and the controller's reconciler) needs to see of this
 * daemon, as a {@link DaemonStatus}. The engine's status fields are at the top level under their {@code EngineStatus} names
 * ({@code startedAt}, {@code version}, {@code jobsUpdatedAt}, {@code scheduling}, {@code jobs},
 * {@code sleeping}, {@code workers}, {@code running}, {@code overlapsSkipped}, {@code outboxDepth},
 * {@code notifyAddresses}), followed by the node's own facts, what the restore recovery at start
 * did ({@code restoreRecovery}), backup slots, volume locks ({@code volumeLocks: {held: {dir: rid},
 * waiting}}: scheduled backups queued for a busy volume), storage and memory. A running recover or migrate
 * is in {@code running} with {@code progress.bytesDone} of {@code bytesTotal}, twice the archive's
 * size: its first half is the digest check, the second the extraction; the swap follows.
 * {@code storage.catalogsCorrupt} counts the damaged catalogs this daemon has met since it started
 * (and not seen repaired); counting backups or bytes would need a scan of all catalogs, which a
 * debug page polled every 30 s must not do.
 */
public final class DebugRoutes implements RouteGroup {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    /** Facts fixed at start: this node's ip, the hook runner's name, where volumes are, what the restore recovery did. */
    public record Node(String ip, String hooks, Path volumeRoot, RestoreRecovery restoreRecovery) {
    }

    private final CronEngine engine;
    private final Storage storage;
    private final CatalogStore catalogs;
    private final BackupSlots slots;
    private final VolumeLocks locks;
    private final Node node;

    public DebugRoutes(CronEngine engine, Storage storage, CatalogStore catalogs, BackupSlots slots, VolumeLocks locks,
                       Node node) {
        this.engine = engine;
        this.storage = storage;
        this.catalogs = catalogs;
        this.slots = slots;
        this.locks = locks;
        this.node = node;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.get(PREFIX + "/debug", ctx -> ctx.json(debug()));
    }

    DaemonStatus debug() {
        Set<String> corrupt = catalogs.corrupt();
        OptionalLong free = storage.freeSpace();
        return new DaemonStatus(engine.status(), node.ip(), node.hooks(), node.volumeRoot().toString(),
                node.restoreRecovery().toStatus(), new DaemonStatus.BackupSlots(slots.max(), slots.running(), slots.waiting()),
                volumeLocks(),
                new DaemonStatus.StorageStatus(storage.location(), free.isPresent() ? free.getAsLong() : null, corrupt.size(),
                        List.copyOf(corrupt)),
                memory());
    }

    private DaemonStatus.VolumeLocks volumeLocks() {
        return new DaemonStatus.VolumeLocks(locks.held().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue, (a, b) -> a, TreeMap::new)),
                locks.waiting());
    }

    private static DaemonStatus.Memory memory() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new DaemonStatus.Memory(heap.getUsed(), heap.getMax(), rssBytes());
    }

    /** VmRSS from /proc/self/status (Linux); null where there is no such file. */
    static Long rssBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: the field stays empty
        }
        return null;
    }
}
