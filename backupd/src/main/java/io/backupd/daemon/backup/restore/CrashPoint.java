package io.backupd.daemon.backup.restore;

/**
 * Called by {@link VolumeSwap} and {@link Restorer} between every durable step of a restore, with
 * the step's name ({@code "swap:moved-old:<entry>"}, ...; docs/restore-journal.md lists them all).
 * Production passes {@link #NONE}; tests throw from it to simulate a crash at that step and then
 * run {@link VolumeSwap#recover()}.
 *
 * <p>Contract: an {@link Error} thrown from {@code reached} is treated like {@code kill -9}: it
 * propagates and nothing more is done (no rollback, no cleanup), exactly as if the process had
 * died there. A {@link RuntimeException} is treated as an ordinary failure of that step (the
 * swap rolls back). Implementations may block (the process-kill test pauses here) and are
 * called from the restoring thread only.
 */
@FunctionalInterface
public interface CrashPoint {
    /** Does nothing: the production crash point. */
    CrashPoint NONE = step -> {
    };

    void reached(String step);
}
