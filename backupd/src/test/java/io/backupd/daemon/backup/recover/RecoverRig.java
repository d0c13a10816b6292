package io.backupd.daemon.backup.recover;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobActions;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.common.spec.FullFormat;
import io.backupd.daemon.Backupd;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.FakeTaskContext;
import io.backupd.daemon.backup.VolumeLocks;
import io.backupd.daemon.backup.full.ArchiveProgress;
import io.backupd.daemon.backup.full.FullBackup;
import io.backupd.daemon.backup.full.StoredArchive;
import io.backupd.daemon.backup.inventory.BackupLookup;
import io.backupd.daemon.backup.restore.CrashPoint;
import io.backupd.daemon.backup.restore.ExtractLimits;
import io.backupd.daemon.backup.restore.Restorer;
import io.backupd.daemon.backup.restore.VolumeSwap;
import io.backupd.daemon.catalog.Catalog;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogSeed;
import io.backupd.daemon.catalog.CatalogStore;
import io.backupd.daemon.storage.fs.FsStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The recover parts wired as the composition root wires them, over a temp volume root and fs storage. */
final class RecoverRig {
    final Path volumeRoot;
    final Path storeRoot;
    final FsStorage storage;
    final BackupLayout layout;
    final CatalogStore catalogs;
    final VolumeLocks locks = new VolumeLocks();
    final ArchiveFormats formats;
    final List<Job> jobs = new CopyOnWriteArrayList<>();

    RecoverRig(Path dir) throws IOException {
        volumeRoot = Files.createDirectories(dir.resolve("volumes"));
        storeRoot = dir.resolve("store");
        storage = new FsStorage(storeRoot);
        layout = new BackupLayout(volumeRoot);
        catalogs = new CatalogStore(storage, Clock.systemUTC());
        formats = Backupd.archiveFormats(storage, layout).readers();
    }

    RecoverPlanner planner() {
        return new RecoverPlanner(layout, new BackupLookup(layout, catalogs), formats, () -> List.copyOf(jobs));
    }

    /** Puts a backup job of {@code target} into the rig's job set: the volumes restores may write into. */
    void declare(BackupTarget target) {
        Map<String, String> args = Map.of(JobArgs.APP, target.app(), JobArgs.PROC, target.proc(),
                JobArgs.INSTANCE_NO, Integer.toString(target.instanceNo()), JobArgs.VOLUME, target.volume(), JobArgs.MODE, "full");
        jobs.add(Job.of(JobIds.of("10.0.0.5", "0 23 * * *", JobActions.BACKUP, args), "0 23 * * *", JobActions.BACKUP, args,
                JobType.CRON));
    }

    RecoverTask task() {
        Restorer restorer = new Restorer(new VolumeSwap(layout.restoreJournalDir(), CrashPoint.NONE), ExtractLimits.defaults(),
                CrashPoint.NONE);
        return new RecoverTask(planner(), locks, storage, formats, restorer);
    }

    /** {@code target}'s volume directory, made and declared in the job set like a volume the node backs up. */
    Path volume(BackupTarget target) throws IOException {
        declare(target);
        return Files.createDirectories(layout.volumeDir(target));
    }

    /** A real full backup of {@code target}'s volume in the default format, listed in its catalog. */
    CatalogEntry backup(BackupTarget target, Instant created) {
        return backup(target, created, FullFormat.DEFAULT);
    }

    /** A real full backup of {@code target}'s volume in {@code format}, listed in its catalog. */
    CatalogEntry backup(BackupTarget target, Instant created, FullFormat format) {
        String name = layout.fullArchiveName(target, created, format.extension());
        StoredArchive stored = new FullBackup(storage, Backupd.archiveFormats(storage, layout).writers(), layout::memberIndexKey)
                .write(layout.volumeDir(target), layout.fullArchiveKey(target, name), format, ArchiveProgress.NONE);
        return list(entry(target, name, stored.key(), stored.size(), stored.sha256(), created, "full", format.wireName()));
    }

    /** {@code bytes} stored as an archive of {@code target}, listed with the given mode and format. */
    CatalogEntry store(BackupTarget target, Instant created, byte[] bytes, String mode, String format) {
        String name = layout.fullArchiveName(target, created, ".tar.gz");
        String key = layout.fullArchiveKey(target, name);
        storage.replace(key, bytes);
        return list(entry(target, name, key, bytes.length, CatalogSeed.sha256(bytes), created, mode, format));
    }

    /**
     * Replaces the stored bytes of {@code entry} with {@code bytes} and lists them with their own size
     * and digest, as a rebuild would list an archive that was damaged before anyone hashed it.
     */
    CatalogEntry relist(CatalogEntry entry, byte[] bytes) {
        storage.replace(entry.key(), bytes);
        return list(new CatalogEntry(entry.name(), entry.key(), entry.mode(), entry.format(), bytes.length,
                CatalogSeed.sha256(bytes), entry.created(), entry.app(), entry.proc(), entry.instanceNo(), entry.source(),
                entry.volume(), entry.containers(), entry.server(), entry.files(), entry.bytes(), entry.state(), entry.parent(),
                entry.extra()));
    }

    private CatalogEntry list(CatalogEntry entry) {
        catalogs.update(layout.catalogKey(new BackupTarget(entry.app(), entry.proc(), entry.instanceNo(), entry.volume())),
                Catalog::empty, c -> c.with(entry));
        return entry;
    }

    private CatalogEntry entry(BackupTarget t, String name, String key, long size, String sha, Instant created, String mode,
                               String format) {
        return new CatalogEntry(name, key, mode, format, size, sha, created, t.app(), t.proc(), t.instanceNo(),
                layout.volumeDir(t).toString(), t.volume(), List.of(), "10.0.0.5", null, null, CatalogEntry.COMPLETE, null,
                Map.of());
    }

    List<String> besideVolume(Path volume) {
        try (var names = Files.list(volume.getParent())) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code backup_recover} run of {@code args} without an engine. */
    static class Run extends FakeTaskContext {
        Run(Map<String, String> args, String rid) {
            super(Job.of("0a000005" + "0".repeat(32), "", "backup_recover", args, JobType.ONCE), rid);
        }
    }
}
