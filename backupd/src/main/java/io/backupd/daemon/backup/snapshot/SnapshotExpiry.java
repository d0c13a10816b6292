package io.backupd.daemon.backup.snapshot;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.ExpirePeriod;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.increment.ForgetResult;
import io.backupd.daemon.backup.increment.IncrementRepository;
import io.backupd.daemon.backup.increment.PruneResult;
import java.time.Instant;
import java.util.List;

/**
 * Expiry of one volume's snapshots for {@code backup_expire}: forget those taken before
 * {@code now - expire} (never the newest), then prune what no snapshot needs. Prune takes the
 * repository's exclusive lock; when a backup or restore holds it (CONFLICT) the volume is skipped this
 * time and the result says so: the next run frees the space. Thread-safe.
 */
public final class SnapshotExpiry {
    private final BackupLayout layout;
    private final SnapshotRepositories repositories;

    public SnapshotExpiry(BackupLayout layout, SnapshotRepositories repositories) {
        this.layout = layout;
        this.repositories = repositories;
    }

    /** What was forgotten and pruned, or why the volume was skipped. Errors other than a locked repository propagate. */
    public SnapshotExpiryOutcome expire(BackupTarget target, String expire, Instant now) {
        if (expire.isEmpty()) {
            return SnapshotExpiryOutcome.skipped(target, expire, "no expire: snapshots are kept");
        }
        IncrementRepository repository = repositories.of(target);
        if (repository.snapshots().isEmpty()) {
            return SnapshotExpiryOutcome.skipped(target, expire, "no snapshots yet");
        }
        try {
            ForgetResult forgot = repository.forget(now.minus(ExpirePeriod.parse(expire)));
            List<String> forgotten = forgot.removed().stream().map(id -> layout.snapshotName(target, id)).toList();
            PruneResult pruned = repository.prune();
            return new SnapshotExpiryOutcome(target, expire, forgotten, forgot.kept().size(), pruned, null);
        } catch (BackupException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            return SnapshotExpiryOutcome.skipped(target, expire,
                    "the repository is locked by another operation, the next expire gets it: " + e.getMessage());
        }
    }
}
