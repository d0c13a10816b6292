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
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The outcome: {@code forgotten}, {@code kept}, {@code prune} or {@code skipped} with why. Other errors propagate. */
    public Map<String, Object> expire(BackupTarget target, String expire, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", target.app());
        out.put("proc", target.proc());
        out.put("instanceNo", target.instanceNo());
        out.put("volume", target.volume());
        out.put("mode", BackupMode.INCREMENT.wireName());
        out.put("expire", expire);
        if (expire.isEmpty()) {
            out.put("skipped", "no expire: snapshots are kept");
            return out;
        }
        IncrementRepository repository = repositories.of(target);
        if (repository.snapshots().isEmpty()) {
            out.put("skipped", "no snapshots yet");
            return out;
        }
        try {
            ForgetResult forgot = repository.forget(now.minus(ExpirePeriod.parse(expire)));
            out.put("forgotten", forgot.removed().stream().map(id -> layout.snapshotName(target, id)).toList());
            out.put("kept", forgot.kept().size());
            PruneResult pruned = repository.prune();
            out.put("prune", pruned);
        } catch (BackupException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            out.put("skipped", "the repository is locked by another operation, the next expire gets it: " + e.getMessage());
        }
        return out;
    }
}
