package io.backupd.daemon.backup.restore;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the content of a volume directory with the content of a staging folder beside it, such
 * that after a crash at any point {@link #recover()} leaves the volume with exactly the old or
 * exactly the new content. The volume directory itself is never renamed or recreated: containers
 * bind-mount it, so it must stay the same inode; only its top-level entries move.
 *
 * <h2>Folders</h2>
 * For volume {@code <p>/<v>} and restore id {@code rid}: staging {@code <p>/.<v>.restore-<rid>},
 * old {@code <p>/.<v>.old-<rid>}, journal {@code <journalDir>/<rid>.journal}. Staging and old are
 * siblings of the volume, so every move is a same-filesystem rename; a volume that is itself a
 * mount point is refused in {@link #begin}.
 *
 * <h2>State machine (journal phase → what recovery does)</h2>
 * <pre>
 *  (none) ──begin──▶ STAGING ──swapIn: mkdir old, list both sides──▶ SWAPPING ──moves done──▶ COMMITTED ──cleanup──▶ (none)
 *                       │                                              │
 *                  failure / abandon                          failure during moves
 *                       ▼                                              ▼
 *                    (none)                                      ROLLING_BACK ──undo done──▶ ROLLED_BACK ──cleanup──▶ (none)
 *
 *  STAGING       volume untouched, staging maybe partial  → delete staging and old; volume keeps OLD content
 *  SWAPPING      staging complete and durable, moves may  → roll forward: finish moving old entries out (only if
 *                be partial                                 no new entry moved yet), then the remaining new
 *                                                           entries in; write COMMITTED; clean up → NEW content
 *  COMMITTED     volume holds the new content              → delete old and staging → NEW content
 *  ROLLING_BACK  a live failure is being undone            → move new entries back to staging, old entries back
 *                                                            into the volume; write ROLLED_BACK; clean up → OLD
 *  ROLLED_BACK   volume holds the old content again        → delete staging and old → OLD content
 * </pre>
 * Ordering that makes this sound: SWAPPING is written (durably) only after the staging folder is
 * complete and fsynced, and before the first move; all old entries leave the volume (and the
 * directories are fsynced) before the first new entry enters; COMMITTED is written only after the
 * new entries are in and fsynced; nothing is deleted before COMMITTED, ROLLED_BACK (or in
 * STAGING, where nothing moved); the journal is deleted last. So "a new entry has left staging"
 * proves the old moves are complete, and the journal phase alone decides the direction.
 *
 * <h2>Contract</h2>
 * Thread-safe. Restores of distinct volumes may run concurrently; a second restore of a volume
 * with a restore in progress (or an unresolved journal) fails with VOLUME_BUSY. {@link #recover()}
 * must run at daemon start, before any restore: it treats every journal as abandoned.
 * Writes made by others to the volume's top level during the swap are discarded (moved into the
 * folder being deleted): a restore replaces the whole content, so apps should be stopped or
 * quiescent. Crash points: see {@link CrashPoint}; every step name is listed in docs/restore-journal.md.
 */
public final class VolumeSwap {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeSwap.class);

    private final JournalStore journals;
    private final SwapSteps steps;
    private final CrashPoint crash;
    private final Set<Path> active = ConcurrentHashMap.newKeySet();

    /**
     * @param journalDir where journals live (created if missing); one per daemon, e.g.
     *                   {@code <volume-root>/.backupd-restore}
     * @throws BackupException INTERNAL if the folder cannot be created
     */
    public VolumeSwap(Path journalDir, CrashPoint crash) {
        try {
            this.journals = new JournalStore(journalDir);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot create restore journal folder " + journalDir + ": " + e, e);
        }
        this.crash = Objects.requireNonNull(crash);
        this.steps = new SwapSteps(journals, crash);
    }

    /**
     * Journals a new restore of {@code volume} (phase STAGING) and returns the staging folder to
     * extract into; creates nothing else. A journal for the same volume left COMMITTED by a failed
     * cleanup is cleaned up first (that only deletes its own folders).
     *
     * @throws BackupException INVALID_ARGUMENT for a bad rid or a volume that is not a real directory,
     *                         NOT_FOUND if it does not exist, VOLUME_BUSY if a restore of it is under
     *                         way or unresolved, INTERNAL if it is a mount point or on I/O failure
     */
    public Path begin(Path volume, String rid) {
        checkVolume(volume);
        if (!SwapJournal.validRid(rid)) {
            throw BackupException.invalid("restore id '" + EntryName.display(rid) + "' must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        if (!active.add(volume)) {
            throw new BackupException(ErrorCode.VOLUME_BUSY, "a restore of " + volume + " is already running");
        }
        boolean journaled = false;
        try {
            SwapJournal journal = SwapJournal.staging(volume, rid);
            for (SwapJournal other : journalsOf(volume)) {
                if (other.phase() == SwapJournal.Phase.COMMITTED) {
                    steps.cleanUp(other, "cleanup:");
                } else {
                    throw new BackupException(ErrorCode.VOLUME_BUSY, "volume " + volume + " has an unfinished restore ("
                            + other.rid() + ", " + other.phase() + "); it is resolved when the daemon restarts");
                }
            }
            if (SwapSteps.exists(journal.stagingPath()) || SwapSteps.exists(journal.oldPath())) {
                throw new BackupException(ErrorCode.VOLUME_BUSY, "restore " + rid + " of " + volume
                        + " left folders behind without a journal; remove " + journal.stagingPath() + " and " + journal.oldPath());
            }
            journals.write(journal);
            journaled = true;
            crash.reached("begin:journal-written");
            return journal.stagingPath();
        } catch (IOException e) {
            active.remove(volume);
            throw new BackupException(ErrorCode.INTERNAL, "cannot journal restore " + rid + " of " + volume + ": " + e, e);
        } catch (RuntimeException e) {
            if (journaled) {
                abandon(volume, rid);
            }
            active.remove(volume);
            throw e;
        }
    }

    /**
     * Moves the volume's top-level entries out and the staging folder's in, as journaled. On
     * return the volume holds the new content; the staging and old folders and the journal are
     * gone (a failure to delete them is logged and left to {@link #recover()} / the next begin).
     *
     * @param staging the folder {@link #begin} returned, complete and durable
     * @throws BackupException INTERNAL if the swap fails; the volume was rolled back to its old
     *                         content (or, if even that failed, recovery at next start finishes it)
     */
    public void swapIn(Path volume, Path staging, String rid) {
        try {
            SwapJournal journal = readJournal(rid)
                    .filter(j -> j.phase() == SwapJournal.Phase.STAGING && j.volumePath().equals(volume)
                            && j.stagingPath().equals(staging))
                    .orElseThrow(() -> new BackupException(ErrorCode.INTERNAL, "swapIn of restore " + rid + " without begin"));
            SwapJournal committed;
            try {
                committed = steps.rollForward(startSwap(journal));
            } catch (IOException | RuntimeException e) {
                throw undo(rid, e);
            }
            try {
                steps.cleanUp(committed, "swap:");
            } catch (IOException | RuntimeException e) {
                LOG.warn("restore {} of {} is complete, but cleaning up failed; retried later: {}", rid, volume, e.toString());
            }
        } finally {
            active.remove(volume);
        }
    }

    /** STAGING → SWAPPING: creates the old folder and journals both entry lists. */
    private SwapJournal startSwap(SwapJournal journal) throws IOException {
        List<String> oldEntries = SwapSteps.list(journal.volumePath());
        List<String> newEntries = SwapSteps.list(journal.stagingPath());
        Files.createDirectory(journal.oldPath(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Fsync.directory(journal.volumePath().getParent());
        crash.reached("swap:old-dir-created");
        SwapJournal swapping = journal.swapping(oldEntries, newEntries);
        journals.write(swapping);
        crash.reached("swap:journal-swapping");
        return swapping;
    }

    /**
     * Drops a restore that has not begun its swap: deletes the staging folder and the journal.
     * Idempotent. A failure is logged; the journal then stays and recovery retries.
     */
    public void abandon(Path volume, String rid) {
        try {
            Optional<SwapJournal> journal = journals.read(rid);
            if (journal.isPresent() && journal.get().phase() == SwapJournal.Phase.STAGING) {
                steps.cleanUp(journal.get(), "abandon:");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot clean up abandoned restore {} of {}; recovery retries at next start: {}", rid, volume, e.toString());
        } finally {
            active.remove(volume);
        }
    }

    /**
     * Resolves every journal in the journal folder: finishes or rolls back each interrupted swap
     * (see the state machine above) and deletes leftover staging and old folders. Run once at
     * daemon start, before any restore. Idempotent: running it again (also after a crash inside it)
     * continues where it stopped. A journal that cannot be resolved is left in place and reported.
     */
    public RecoveryReport recover() {
        List<RecoveryReport.Action> actions = new ArrayList<>();
        List<String> rids;
        try {
            rids = journals.rids();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot list restore journals in " + journals.dir() + ": " + e, e);
        }
        for (String rid : rids) {
            actions.add(recoverOne(rid));
        }
        RecoveryReport report = new RecoveryReport(actions);
        for (RecoveryReport.Action action : actions) {
            LOG.info("restore recovery: {} {} {}: {}", action.rid(), action.volume(), action.outcome(), action.detail());
        }
        return report;
    }

    private RecoveryReport.Action recoverOne(String rid) {
        SwapJournal journal = null;
        try {
            journal = journals.read(rid).orElse(null);
            if (journal == null) {
                return new RecoveryReport.Action(rid, "", null, RecoveryReport.Outcome.NOTHING, "journal vanished");
            }
            return switch (journal.phase()) {
                case STAGING -> {
                    steps.cleanUp(journal, "recover:");
                    yield action(journal, RecoveryReport.Outcome.OLD_CONTENT, "interrupted before the swap; staging deleted");
                }
                case SWAPPING -> {
                    if (!canRollForward(journal)) {
                        SwapJournal back = journal.in(SwapJournal.Phase.ROLLING_BACK);
                        journals.write(back);
                        steps.cleanUp(steps.rollBack(back), "recover:");
                        yield action(journal, RecoveryReport.Outcome.OLD_CONTENT, "staged content incomplete; swap rolled back");
                    }
                    steps.cleanUp(steps.rollForward(journal), "recover:");
                    yield action(journal, RecoveryReport.Outcome.NEW_CONTENT, "interrupted during the swap; rolled forward");
                }
                case COMMITTED -> {
                    steps.cleanUp(journal, "recover:");
                    yield action(journal, RecoveryReport.Outcome.NEW_CONTENT, "swap was complete; old content deleted");
                }
                case ROLLING_BACK -> {
                    steps.cleanUp(steps.rollBack(journal), "recover:");
                    yield action(journal, RecoveryReport.Outcome.OLD_CONTENT, "interrupted while rolling back; rollback finished");
                }
                case ROLLED_BACK -> {
                    steps.cleanUp(journal, "recover:");
                    yield action(journal, RecoveryReport.Outcome.OLD_CONTENT, "swap was rolled back; staged content deleted");
                }
            };
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot recover restore {}; its journal is kept", rid, e);
            return new RecoveryReport.Action(rid, journal == null ? "" : journal.volume(),
                    journal == null ? null : journal.phase().name(), RecoveryReport.Outcome.FAILED, e.toString());
        }
    }

    /** Every new entry is still somewhere: in staging, or (moved) in the volume. */
    private static boolean canRollForward(SwapJournal journal) {
        return journal.newEntries().stream().allMatch(e ->
                SwapSteps.exists(journal.stagingPath().resolve(e)) || SwapSteps.exists(journal.volumePath().resolve(e)));
    }

    private static RecoveryReport.Action action(SwapJournal journal, RecoveryReport.Outcome outcome, String detail) {
        return new RecoveryReport.Action(journal.rid(), journal.volume(), journal.phase().name(), outcome, detail);
    }

    /**
     * After a live failure of the swap: undoes whatever the journal on disk says happened (a
     * failure may strike just before or after a journal write), so the volume keeps its old content.
     */
    private BackupException undo(String rid, Exception cause) {
        String what = "cannot swap restore " + rid + " into its volume: " + cause;
        try {
            SwapJournal current = readJournal(rid).orElseThrow(() -> new IOException("journal of " + rid + " vanished"));
            what = "cannot swap restore " + rid + " into " + current.volume() + ": " + cause;
            if (current.phase() == SwapJournal.Phase.STAGING) {
                steps.cleanUp(current, "abandon:"); // nothing moved yet
                return new BackupException(ErrorCode.INTERNAL, what + "; the volume was not touched", cause);
            }
            SwapJournal back = current.in(SwapJournal.Phase.ROLLING_BACK);
            journals.write(back);
            crash.reached("rollback:journal-written");
            steps.cleanUp(steps.rollBack(back), "rollback:");
            return new BackupException(ErrorCode.INTERNAL, what + "; the volume keeps its old content", cause);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            return new BackupException(ErrorCode.INTERNAL, what + "; rolling back failed too (" + e
                    + "), the daemon finishes the rollback at its next start", cause);
        }
    }

    private Optional<SwapJournal> readJournal(String rid) {
        try {
            return journals.read(rid);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot read the journal of restore " + rid + ": " + e, e);
        }
    }

    private List<SwapJournal> journalsOf(Path volume) throws IOException {
        List<SwapJournal> found = new ArrayList<>();
        for (String rid : journals.rids()) {
            try {
                journals.read(rid).filter(j -> j.volumePath().equals(volume)).ifPresent(found::add);
            } catch (IOException | RuntimeException e) {
                throw new BackupException(ErrorCode.VOLUME_BUSY, "restore journal " + rid
                        + " is unreadable; restores wait until it is resolved: " + e, e);
            }
        }
        return found;
    }

    /** Throws unless {@code volume} is an absolute, normalised path of a real directory that is not a mount point. */
    static void checkVolume(Path volume) {
        if (volume == null || !volume.isAbsolute() || !volume.normalize().equals(volume) || volume.getParent() == null) {
            throw BackupException.invalid("volume path " + volume + " must be absolute and normalised");
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(volume, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw BackupException.notFound("volume " + volume + " does not exist");
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot read volume " + volume + ": " + e, e);
        }
        if (!attrs.isDirectory()) {
            throw BackupException.invalid("volume " + volume + " is not a directory (a symlink or file)");
        }
        try {
            Object dev = Files.getAttribute(volume, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Object parentDev = Files.getAttribute(volume.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS);
            if (!dev.equals(parentDev)) {
                throw new BackupException(ErrorCode.INTERNAL, "volume " + volume
                        + " is a mount point; the staging folder beside it would be on another filesystem");
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot read volume " + volume + ": " + e, e);
        }
    }
}
