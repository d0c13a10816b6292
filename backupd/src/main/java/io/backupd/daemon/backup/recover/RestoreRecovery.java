package io.backupd.daemon.backup.recover;

import io.backupd.common.api.DaemonStatus;
import io.backupd.common.api.JobRecord;
import io.backupd.daemon.backup.restore.RecoveryReport;
import io.backupd.daemon.backup.restore.VolumeSwap;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the restore recovery at daemon start found and did, shown in {@code /debug} as
 * {@code restoreRecovery}. The run the daemon died in is reported failed by the engine, with
 * {@link #aftermath} in its reason; this settles its volume: exactly the old or exactly the new content ({@code docs/restore-journal.md}).
 *
 * @param at         when the recovery ran
 * @param journalDir where the journals are
 * @param report     one action per journal found
 */
public record RestoreRecovery(Instant at, Path journalDir, RecoveryReport report) {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRecovery.class);

    /** Resolves every journal in {@code swap}'s folder; call once, before any task can run. */
    public static RestoreRecovery run(VolumeSwap swap, Path journalDir, Instant now) {
        RecoveryReport report = swap.recover();
        if (report.actions().isEmpty()) {
            LOG.info("restore recovery: no interrupted restore in {}", journalDir);
        } else if (report.allResolved()) {
            LOG.warn("restore recovery: {} interrupted restore(s) settled: {}", report.actions().size(), report.actions());
        } else {
            LOG.error("restore recovery: some interrupted restores could not be settled; their volumes refuse restores"
                    + " (VOLUME_BUSY) until a later start settles them: {}", report.actions());
        }
        return new RestoreRecovery(now, journalDir, report);
    }

    /**
     * What the recovery did to the volume of the restore run {@code run} was (the journal is named
     * by the run's rid), as the engine adds it to the run's failed record; empty for other runs and
     * for a restore that died before it had a journal (its volume was never touched).
     */
    public Optional<String> aftermath(JobRecord run) {
        return report.actions().stream().filter(action -> action.rid().equals(run.rid())).findFirst().flatMap(action ->
                switch (action.outcome()) {
                    case NEW_CONTENT -> Optional.of("at start the restore was completed: the volume holds the restored content");
                    case OLD_CONTENT -> Optional.of("at start the restore was undone: the volume holds its content from before");
                    case FAILED -> Optional.of("at start the restore could not be settled (" + action.detail()
                            + "); the volume refuses restores until a later start settles it");
                    case NOTHING -> Optional.empty();
                });
    }

    /** The {@code /debug} view. */
    public DaemonStatus.RestoreRecovery toStatus() {
        return new DaemonStatus.RestoreRecovery(at, journalDir.toString(), report.actions().size(), report.allResolved(),
                report.actions().stream().map(a -> new DaemonStatus.RecoveryAction(a.rid(), a.volume(), a.phase(),
                        a.outcome() == null ? null : a.outcome().name(), a.detail())).toList());
    }
}
