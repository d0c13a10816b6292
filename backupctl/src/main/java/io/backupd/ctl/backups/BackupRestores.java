package io.backupd.ctl.backups;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.error.BackupException;
import io.backupd.common.spec.BackupMode;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.daemons.DaemonBackups.RestoreForm;
import io.backupd.ctl.daemons.DaemonBackups;
import java.util.List;
import java.util.Optional;

/**
 * Recover (a backup back into an instance of its proc, by default its own) and migrate (into another
 * instance, the same volume). The restore runs on the daemon of the node that runs the
 * target instance, because only that node sees the target volume; the backup itself is read from
 * the shared storage. Both answer the daemon's record id at once; the record then tells how it went.
 *
 * <p>Before a daemon is asked: the backup must be the proc's (FORBIDDEN otherwise) and exist
 * (NOT_FOUND); the target instance must run, the target volume must be one the proc declares with a
 * backup spec and the backup's own volume, files only go with incremental backups and are checked
 * like every path (INVALID_ARGUMENT naming the field otherwise). A restore so never replaces a
 * directory the app did not declare, such as the parent of a volume.
 */
public final class BackupRestores {
    private final BackupService backups;
    private final DaemonBackups daemons;

    public BackupRestores(BackupService backups, DaemonBackups daemons) {
        this.backups = backups;
        this.daemons = daemons;
    }

    /** Restores {@code name} into instance {@code instanceNo} (default: the backup's own) of the same volume. */
    public String recover(String app, String proc, String name, Optional<Integer> instanceNo, List<String> files) {
        ProcRef ref = backups.proc(app, proc);
        BackupEntity backup = backups.info(ref, name);
        Instance target = ref.requireInstance("instanceNo", instanceNo.orElse(backup.instanceNo()));
        return restore(ref, backup, target, ref.requireBackedUp("volume", backup.volume()), files);
    }

    /**
     * Restores {@code name} into volume {@code volume} of instance {@code to}. {@code volume} must be
     * the backup's own volume (the field is kept from the original API, where it names the target);
     * {@code from}, when given (v1), the instance the backup was taken of.
     */
    public String migrate(String app, String proc, String name, String volume, int to, Optional<Integer> from, List<String> files) {
        ProcRef ref = backups.proc(app, proc);
        String destination = BackupNames.checkVolume("volume", volume);
        BackupEntity backup = backups.info(ref, name);
        ref.requireBackedUp("volume", destination);
        if (from.isPresent() && from.get() != backup.instanceNo()) {
            throw ProcRef.invalidField("from", "backup " + name + " was taken of instance " + backup.instanceNo()
                    + ", not of from=" + from.get());
        }
        if (!destination.equals(backup.volume())) {
            throw ProcRef.invalidField("volume", "backup " + name + " is of volume " + backup.volume() + ", not of " + destination
                    + ": a backup is only restored into the volume it was taken of; nothing was restored");
        }
        Instance target = ref.requireInstance("to", to);
        return restore(ref, backup, target, destination, files);
    }

    private String restore(ProcRef ref, BackupEntity backup, Instance target, String destVolume, List<String> requested) {
        List<String> files = BackupNames.checkFiles(requested);
        boolean incremental = BackupMode.INCREMENT.wireName().equals(backup.mode());
        if (!incremental && !files.isEmpty()) {
            throw BackupException.invalid("backup " + backup.name() + " is a full backup: it is restored whole, files only go"
                    + " with incremental backups");
        }
        String namespace = ref.app() + "/" + ref.proc() + "/" + backup.instanceNo() + "/" + backup.volume().substring(1);
        RestoreForm form = new RestoreForm(namespace, ref.app(), ref.proc(), target.instanceNo(), destVolume,
                incremental && files.isEmpty() ? List.of("*") : files);
        return incremental ? daemons.recoverIncrement(target.nodeIp(), backup.name(), form)
                : daemons.recoverFull(target.nodeIp(), backup.name(), form);
    }
}
