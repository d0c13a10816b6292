package io.backupd.daemon.backup.snapshot;

import io.backupd.common.json.Json;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.increment.BackupResult;
import io.backupd.daemon.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One incremental backup of a volume: marks the volume folder ({@link VolumeMarker}) and takes a
 * snapshot into the volume's repository. The caller holds the volume lock and runs the hooks; the
 * repository's shared lock keeps a prune off meanwhile (a prune holding it fails this with CONFLICT).
 * Thread-safe.
 */
public final class SnapshotBackup {
    private final BackupLayout layout;
    private final Storage storage;
    private final SnapshotRepositories repositories;
    private final String nodeIp;

    public SnapshotBackup(BackupLayout layout, Storage storage, SnapshotRepositories repositories, String nodeIp) {
        this.layout = layout;
        this.storage = storage;
        this.repositories = repositories;
        this.nodeIp = nodeIp;
    }

    /** Takes the snapshot; the result's fields go into the record as they are. */
    public Map<String, Object> take(BackupTarget target, Path volumeDir, List<String> containers) {
        VolumeMarker marker = new VolumeMarker(target.app(), target.proc(), target.instanceNo(), target.volume(),
                volumeDir.toString(), nodeIp, containers);
        // written first: a snapshot is only listed through its marker, so it must never exist without one
        storage.replace(layout.incrementMarkerKey(target), Json.mapper().valueToTree(marker).toString()
                .getBytes(StandardCharsets.UTF_8));
        BackupResult r = repositories.of(target).backup(volumeDir);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", layout.snapshotName(target, r.snapshot()));
        out.put("snapshot", r.snapshot());
        out.put("parent", r.parent() == null ? null : layout.snapshotName(target, r.parent()));
        out.put("files", r.files());
        out.put("bytes", r.bytes());
        out.put("filesRead", r.filesRead());
        out.put("addedBytes", r.addedBytes());
        out.put("addedChunks", r.addedChunks());
        out.put("size", r.addedBytes());
        if (r.missingPacks() > 0) {
            Map<String, Object> healed = new LinkedHashMap<>();
            healed.put("missingPacks", r.missingPacks());
            healed.put("lostChunks", r.lostChunks());
            healed.put("chunksStoredAgain", r.chunksStoredAgain());
            out.put("healed", healed);
        }
        if (r.warningCount() > 0) {
            out.put("warnings", r.warnings());
            out.put("warningCount", r.warningCount());
        }
        return out;
    }
}
