package io.backupd.daemon.backup.snapshot;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.api.BackupName;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.common.spec.BackupMode;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.SnapshotName;
import io.backupd.daemon.backup.increment.FilePage;
import io.backupd.daemon.backup.increment.SnapshotInfo;
import io.backupd.daemon.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The incremental snapshots in storage, as backups: a volume folder's repository is found by its
 * {@code increment.json} ({@link VolumeMarker}), its snapshots are read from the repository itself
 * (there is no catalog entry for them: the repository is the truth). Names are
 * {@link SnapshotName}s, so one is found by name reading one folder. Thread-safe.
 */
public final class SnapshotInventory {
    private final BackupLayout layout;
    private final SnapshotRepositories repositories;
    private final Storage storage;

    public SnapshotInventory(BackupLayout layout, Storage storage, SnapshotRepositories repositories) {
        this.layout = layout;
        this.storage = storage;
        this.repositories = repositories;
    }

    /** A snapshot found by name: where it is and what it is. */
    public record Located(SnapshotName name, String folder, VolumeMarkerView volume, SnapshotInfo info, BackupEntity entity) {
    }

    /** The volume a repository protects, as the marker says. */
    public record VolumeMarkerView(String app, String proc, int instanceNo, String volume) {
    }

    /** The snapshots of volume folder {@code <app>/<proc>/<N>/<volume-key>}, oldest first; empty without a marker. */
    public List<BackupEntity> inFolder(String folder) {
        Optional<VolumeMarker> marker = marker(folder);
        if (marker.isEmpty()) {
            return List.of();
        }
        return repositories.ofFolder(folder).snapshots().stream().map(s -> entity(marker.get(), s)).toList();
    }

    /** The snapshot named {@code name}, or empty; INVALID_ARGUMENT for a name that could leave its folder. */
    public Optional<Located> find(String name) {
        BackupName.check(name);
        for (SnapshotName reading : layout.snapshotNames(name)) {
            Optional<VolumeMarker> marker = marker(reading.folder());
            if (marker.isEmpty()) {
                continue;
            }
            Optional<SnapshotInfo> info = repositories.ofFolder(reading.folder()).snapshots().stream()
                    .filter(s -> s.name().equals(reading.id())).findFirst();
            if (info.isPresent()) {
                VolumeMarker m = marker.get();
                return Optional.of(new Located(reading, reading.folder(),
                        new VolumeMarkerView(m.app(), m.proc(), m.instanceNo(), m.volume()), info.get(), entity(m, info.get())));
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find}, NOT_FOUND when there is no such snapshot. */
    public Located require(String name) {
        return find(name).orElseThrow(() -> BackupException.notFound("no incremental backup named '" + name + "' in this storage"));
    }

    /** One page of the files of snapshot {@code name} at or below {@code prefix}; NOT_FOUND for an unknown snapshot. */
    public FilePage files(String name, String prefix, String after, int limit) {
        Located found = require(name);
        return repositories.ofFolder(found.folder()).listFiles(found.name().id(), prefix, after, limit);
    }

    /**
     * Forgets the snapshot {@code found} from its repository (the object only; the next expire's prune
     * frees its data). The caller holds the volume lock. False when it was already gone.
     */
    public boolean forget(Located found) {
        return repositories.ofFolder(found.folder()).forget(found.name().id());
    }

    private BackupEntity entity(VolumeMarker m, SnapshotInfo s) {
        BackupTarget t = new BackupTarget(m.app(), m.proc(), m.instanceNo(), m.volume());
        return new BackupEntity(layout.snapshotName(t, s.name()), BackupMode.INCREMENT.wireName(), m.app(), m.proc(), m.source(), m.volume(), m.server(),
                s.addedBytes(), s.time(), m.containers(), m.instanceNo(), null, s.files(),
                s.parent() == null ? null : layout.snapshotName(t, s.parent()));
    }

    private Optional<VolumeMarker> marker(String folder) {
        String key = folder + "/" + BackupLayout.INCREMENT_MARKER;
        if (storage.stat(key).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = storage.open(key)) {
            return Optional.of(Json.mapper().readValue(in, VolumeMarker.class));
        } catch (BackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty(); // deleted between stat and open
            }
            throw e;
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read " + key + ": " + e.getMessage(), e);
        }
    }
}
