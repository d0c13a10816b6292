package io.backupd.daemon.backup.restore;

import java.util.List;

/** What {@link VolumeSwap#recover()} did, one action per journal found. Immutable. */
public record RecoveryReport(List<Action> actions) {
    public RecoveryReport {
        actions = List.copyOf(actions);
    }

    public enum Outcome {
        /** The volume holds exactly its content from before the restore. */
        OLD_CONTENT,
        /** The volume holds exactly the restored content. */
        NEW_CONTENT,
        /** The journal disappeared while recovering (another recovery ran); nothing done. */
        NOTHING,
        /** Recovery failed; the journal is kept and the volume may be mixed until it succeeds. */
        FAILED
    }

    /** @param phase the journal phase found (null if unreadable) */
    public record Action(String rid, String volume, String phase, Outcome outcome, String detail) {
    }

    public boolean allResolved() {
        return actions.stream().noneMatch(a -> a.outcome() == Outcome.FAILED);
    }
}
