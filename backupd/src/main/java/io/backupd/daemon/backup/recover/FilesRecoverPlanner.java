package io.backupd.daemon.backup.recover;

import io.backupd.common.api.BackupName;
import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.snapshot.SnapshotInventory;
import io.backupd.daemon.catalog.CatalogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans a restore of files from an incremental snapshot ({@code POST /backup/increment/recover/dir/:name},
 * the {@code backup_recover_files} action): the same field checks, target defaults and app rule as
 * {@link RecoverPlanner} (a migrate is another instance of the snapshot's own volume), plus the
 * {@code files} patterns. The snapshot is found through its name ({@link SnapshotInventory}); the plan
 * carries it as a catalog-shaped entry of mode {@code increment}, so records describe both alike.
 * Thread-safe.
 */
public final class FilesRecoverPlanner {
    /** The action of the runs this planner plans, as {@code Backupd.tasks()} registers it. */
    public static final String ACTION = "backup_recover_files";
    /** The job arg holding the patterns, one per line (patterns cannot hold control characters). */
    public static final String FILES = "files";

    private final BackupLayout layout;
    private final RecoverPlanner planner;
    private final SnapshotInventory snapshots;
    private final VolumeRefs refs;

    public FilesRecoverPlanner(BackupLayout layout, RecoverPlanner planner, SnapshotInventory snapshots) {
        this.layout = layout;
        this.planner = planner;
        this.snapshots = snapshots;
        this.refs = new VolumeRefs(layout);
    }

    /** A plan and the patterns it restores. */
    public record FilesPlan(RecoverPlan plan, String snapshotId, List<String> files) {
        public Map<String, String> extraArgs() {
            return Map.of(FILES, String.join("\n", files));
        }
    }

    /**
     * Checks the patterns and fields, finds the snapshot (NOT_FOUND; in {@code namespace} when given)
     * and the existing target volume. INVALID_ARGUMENT for no patterns or one with {@code ..}, a
     * backslash, a leading {@code /} or control characters; FORBIDDEN for another app's volume.
     */
    public FilesPlan plan(RecoverRequest request, List<String> files) {
        String name = BackupName.check(request.file());
        List<String> patterns = checkFiles(files);
        RecoverPlanner.Checked fields = planner.check(request);
        SnapshotInventory.Located found = snapshots.find(name)
                .filter(l -> fields.folder() == null || fields.folder().equals(l.folder()))
                .orElseThrow(() -> BackupException.notFound("no incremental backup named '" + name + "' in this storage"
                        + (fields.folder() == null ? "" : " under namespace '" + fields.folder() + "'")));
        SnapshotInventory.VolumeMarkerView v = found.volume();
        BackupTarget source = new BackupTarget(v.app(), v.proc(), v.instanceNo(), v.volume());
        BackupTarget target = planner.target(fields, source);
        Path volumeDir = layout.existingVolumeDir(target);
        var e = found.entity();
        CatalogEntry entry = new CatalogEntry(e.name(), found.folder() + "/increment/", e.mode(), "snapshot", e.size(), null,
                e.created(), e.app(), e.proc(), e.instanceNo(), e.source(), e.volume(), e.containers(), e.server(), e.files(),
                found.info().bytes(), CatalogEntry.COMPLETE, e.parent(), Map.of("snapshot", found.name().id()));
        return new FilesPlan(new RecoverPlan(entry, found.folder(), source, target, volumeDir), found.name().id(), patterns);
    }

    /** Exact paths or globs relative to the volume; {@code *} restores everything. */
    static List<String> checkFiles(List<String> files) {
        if (files.isEmpty()) {
            throw BackupException.invalid("field 'files' is missing: name the files to restore, or '*' for all");
        }
        List<String> out = new ArrayList<>();
        for (String f : files) {
            if (f.isBlank() || f.startsWith("/") || f.contains("\\") || f.chars().anyMatch(Character::isISOControl)
                    || List.of(f.split("/", -1)).contains("..")) {
                throw VolumeRefs.invalid(FILES, f.replaceAll("\\p{Cntrl}", "?"),
                        "a path or glob relative to the volume without '..', '\\' or a leading '/', or '*' for all", null);
            }
            out.add(f);
        }
        return List.copyOf(out);
    }
}
