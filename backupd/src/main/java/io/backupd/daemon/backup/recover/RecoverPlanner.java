package io.backupd.daemon.backup.recover;

import io.backupd.common.api.BackupName;
import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.expire.JobSetView;
import io.backupd.daemon.backup.inventory.BackupLookup;
import io.backupd.daemon.catalog.CatalogEntry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a {@link RecoverRequest} and resolves it into a {@link RecoverPlan}, reading only the
 * one catalog the archive name leads to and the target's directory. Every field is checked for
 * shape before anything is read, so a bad field is a 400 whether or not the backup exists:
 * <ul>
 *   <li>INVALID_ARGUMENT: a name or path with {@code ..}, {@code /} where none belongs, control
 *       characters; {@code destDir} outside the volume root; {@code destDir} and a target field
 *       that disagree; a backup that is not a full one, or of a format this daemon cannot read;
 *       a target that is not the backup's own volume or not a volume this daemon's job set declares
 *       for backup ({@link DeclaredVolumes}), naming the field that chose it;</li>
 *   <li>NOT_FOUND: no complete backup of that name (in {@code namespace}, when given); no target
 *       volume directory on this node;</li>
 *   <li>FORBIDDEN: a target in another app than the backup's: a backup is only ever restored into
 *       the app it was taken of;</li>
 *   <li>INTERNAL: the backup's catalog is damaged.</li>
 * </ul>
 * Target fields left out default to the backup's own volume. Thread-safe.
 */
public final class RecoverPlanner {
    private static final Pattern INSTANCE = Pattern.compile("[0-9]{1,6}");

    private final BackupLayout layout;
    private final BackupLookup lookup;
    private final ArchiveFormats formats;
    private final VolumeRefs refs;
    private final DeclaredVolumes declared;

    /** @param jobs this daemon's job set: its backup jobs name the only volumes a restore may write into */
    public RecoverPlanner(BackupLayout layout, BackupLookup lookup, ArchiveFormats formats, JobSetView jobs) {
        this.layout = layout;
        this.lookup = lookup;
        this.formats = formats;
        this.refs = new VolumeRefs(layout);
        this.declared = new DeclaredVolumes(layout, jobs);
    }

    /** The fields after their shape checks; absent ones are null. */
    record Checked(String folder, BackupTarget dest, String app, String proc, Integer instanceNo, String volume) {
    }

    /** Checks every field but {@code file} for shape, reading nothing (for endpoints that name their backup otherwise). */
    public void checkFields(RecoverRequest request) {
        check(request);
    }

    /** The plan, or the first problem as a BackupException (see the class comment). */
    public RecoverPlan plan(RecoverRequest request) {
        String file = BackupName.check(request.file());
        Checked fields = check(request);
        BackupLookup.Located found = (fields.folder() == null ? lookup.find(file) : lookup.findIn(file, fields.folder()))
                .orElseThrow(() -> BackupException.notFound("no backup named '" + file + "' in this storage"
                        + (fields.folder() == null ? "" : " under namespace '" + fields.folder() + "'")));
        CatalogEntry backup = found.entry();
        if (!CatalogEntry.FULL.equals(backup.mode())) {
            throw BackupException.invalid("backup '" + file + "' is a " + backup.mode() + " backup; this endpoint restores"
                    + " full backups");
        }
        formats.lookup(backup.format());
        String namespace = found.catalogKey().substring(0, found.catalogKey().length() - BackupLayout.CATALOG.length() - 1);
        BackupTarget source = new BackupTarget(backup.app(), backup.proc(), backup.instanceNo(), backup.volume());
        BackupTarget target = target(fields, source);
        Path volumeDir = layout.existingVolumeDir(target);
        return new RecoverPlan(backup, namespace, source, target, volumeDir);
    }

    Checked check(RecoverRequest r) {
        String folder = r.namespace() == null ? null : refs.folderOf(r.namespace());
        BackupTarget dest = r.destDir() == null ? null : refs.targetOf(r.destDir());
        String app = r.app() == null ? null : layout.checkName(r.app(), JobArgs.APP);
        String proc = r.proc() == null ? null : layout.checkName(r.proc(), JobArgs.PROC);
        if (r.instanceNo() != null && !INSTANCE.matcher(r.instanceNo()).matches()) {
            throw VolumeRefs.invalid(JobArgs.INSTANCE_NO, r.instanceNo(), "a non-negative instance number", null);
        }
        Integer instanceNo = r.instanceNo() == null ? null : Integer.valueOf(r.instanceNo());
        String volume = r.volume() == null ? null : layout.checkVolume(r.volume(), JobArgs.VOLUME);
        if (dest != null) {
            agree(JobArgs.APP, app, dest.app());
            agree(JobArgs.PROC, proc, dest.proc());
            agree(JobArgs.INSTANCE_NO, instanceNo, dest.instanceNo());
            agree(JobArgs.VOLUME, volume, dest.volume());
        }
        return new Checked(folder, dest, app, proc, instanceNo, volume);
    }

    /**
     * Field, else destDir, else the backup's own volume; never into another app, only into the
     * backup's own volume and one the job set declares.
     */
    BackupTarget target(Checked fields, BackupTarget source) {
        BackupTarget dest = fields.dest();
        String app = pick(fields.app(), dest == null ? null : dest.app(), source.app());
        String proc = pick(fields.proc(), dest == null ? null : dest.proc(), source.proc());
        int instanceNo = pick(fields.instanceNo(), dest == null ? null : dest.instanceNo(), source.instanceNo());
        String volume = pick(fields.volume(), dest == null ? null : dest.volume(), source.volume());
        if (!app.equals(source.app()) || !proc.startsWith(source.app() + ".")) {
            throw new BackupException(ErrorCode.FORBIDDEN, "backup of app '" + source.app() + "' cannot be restored into "
                    + (app.equals(source.app()) ? "proc '" + proc + "'" : "app '" + app + "'")
                    + ": a backup is only restored or migrated within its own app",
                    Map.of("backupApp", source.app(), JobArgs.APP, app, JobArgs.PROC, proc), null);
        }
        BackupTarget target = layout.target(Map.of(JobArgs.APP, app, JobArgs.PROC, proc,
                JobArgs.INSTANCE_NO, Integer.toString(instanceNo), JobArgs.VOLUME, volume));
        declared.require(source, target, namingField(fields));
        return target;
    }

    /** The field that chose the target, so a refusal names what to change (the backup's own volume: {@code volume}). */
    private static String namingField(Checked fields) {
        return fields.dest() != null ? RecoverRequest.DEST_DIR
                : fields.volume() != null ? JobArgs.VOLUME
                : fields.instanceNo() != null ? JobArgs.INSTANCE_NO
                : fields.proc() != null ? JobArgs.PROC
                : JobArgs.VOLUME;
    }

    private static <T> T pick(T field, T fromDestDir, T fromBackup) {
        return field != null ? field : fromDestDir != null ? fromDestDir : fromBackup;
    }

    private static void agree(String field, Object given, Object inDestDir) {
        if (given != null && !Objects.equals(given, inDestDir)) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "field '" + field + "' is '" + given + "' but destDir names "
                    + field + " '" + inDestDir + "'; give one or make them agree", Map.of("field", field), null);
        }
    }
}
