package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The moves of a swap, each step idempotent so that the live swap and crash recovery run the very
 * same code: {@link #rollForward} and {@link #rollBack} look at where each journaled entry is now
 * and only move what has not moved yet. Every move is a rename(2) within one filesystem (the
 * volume, its staging and old folders are siblings), never a copy.
 *
 * <p>An entry found in the volume that the journal does not explain was written by someone else
 * during the swap (a running container); it is "evicted" into the folder that is about to be
 * deleted, so the volume ends up exactly old or exactly new.
 *
 * <p>Not thread-safe; {@link VolumeSwap} runs one swap per volume at a time.
 */
final class SwapSteps {
    private final JournalStore journals;
    private final CrashPoint crash;

    SwapSteps(JournalStore journals, CrashPoint crash) {
        this.journals = journals;
        this.crash = crash;
    }

    /** SWAPPING → COMMITTED: old entries into the old folder, then staging entries into the volume. */
    SwapJournal rollForward(SwapJournal journal) throws IOException {
        Path volume = journal.volumePath();
        Path staging = journal.stagingPath();
        Path old = journal.oldPath();
        if (!Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(old, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Set<String> newNames = new HashSet<>(journal.newEntries());
        // old moves finish before the first new move, so one moved new entry means they are all done
        boolean newMovesStarted = journal.newEntries().stream().anyMatch(e -> !exists(staging.resolve(e)));
        if (!newMovesStarted) {
            for (String entry : journal.oldEntries()) {
                Path current = volume.resolve(entry);
                if (exists(current)) {
                    if (exists(old.resolve(entry))) {
                        evict(current, old);
                    } else {
                        move(current, old.resolve(entry));
                    }
                    crash.reached("swap:moved-old:" + entry);
                }
            }
            for (String stray : list(volume)) {
                evict(volume.resolve(stray), old);
            }
            Fsync.directory(volume);
            Fsync.directory(old);
            crash.reached("swap:old-moved");
        }
        for (String entry : journal.newEntries()) {
            Path staged = staging.resolve(entry);
            Path target = volume.resolve(entry);
            if (exists(staged)) {
                if (exists(target)) {
                    evict(target, old);
                }
                move(staged, target);
                crash.reached("swap:moved-new:" + entry);
            } else if (!exists(target)) {
                throw new IOException("restored entry '" + EntryName.display(entry) + "' is in neither " + staging + " nor " + volume);
            }
        }
        for (String stray : list(volume)) {
            if (!newNames.contains(stray)) {
                evict(volume.resolve(stray), old);
            }
        }
        Fsync.directory(volume);
        Fsync.directory(staging);
        crash.reached("swap:new-moved");
        SwapJournal committed = journal.in(SwapJournal.Phase.COMMITTED);
        journals.write(committed);
        crash.reached("swap:journal-committed");
        return committed;
    }

    /**
     * ROLLING_BACK → ROLLED_BACK: new entries back into staging, then old entries back into the
     * volume. Only valid while the staging and old folders are intact, i.e. before ROLLED_BACK.
     */
    SwapJournal rollBack(SwapJournal journal) throws IOException {
        Path volume = journal.volumePath();
        Path staging = journal.stagingPath();
        Path old = journal.oldPath();
        Set<String> oldNames = new HashSet<>(journal.oldEntries());
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        for (String entry : journal.newEntries()) {
            // a new entry missing from staging can only be in the volume: it was moved there
            if (!exists(staging.resolve(entry)) && exists(volume.resolve(entry))) {
                move(volume.resolve(entry), staging.resolve(entry));
                crash.reached("rollback:moved-new-back:" + entry);
            }
        }
        for (String entry : journal.oldEntries()) {
            Path moved = old.resolve(entry);
            if (exists(moved)) {
                if (exists(volume.resolve(entry))) {
                    evict(volume.resolve(entry), staging);
                }
                move(moved, volume.resolve(entry));
                crash.reached("rollback:moved-old-back:" + entry);
            }
        }
        for (String stray : list(volume)) {
            if (!oldNames.contains(stray)) {
                evict(volume.resolve(stray), staging);
            }
        }
        Fsync.directory(volume);
        if (Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
            Fsync.directory(old);
        }
        Fsync.directory(staging);
        crash.reached("rollback:restored");
        SwapJournal rolledBack = journal.in(SwapJournal.Phase.ROLLED_BACK);
        journals.write(rolledBack);
        crash.reached("rollback:journal-rolled-back");
        return rolledBack;
    }

    /**
     * Deletes the folder the volume no longer needs first, then the other, then the journal. Only
     * in a phase where nothing is moved any more: STAGING, COMMITTED or ROLLED_BACK.
     */
    void cleanUp(SwapJournal journal, String stepPrefix) throws IOException {
        if (journal.phase() == SwapJournal.Phase.SWAPPING || journal.phase() == SwapJournal.Phase.ROLLING_BACK) {
            throw new IllegalStateException("cleanup of restore " + journal.rid() + " in phase " + journal.phase());
        }
        boolean keptNew = journal.phase() == SwapJournal.Phase.COMMITTED;
        Path first = keptNew ? journal.oldPath() : journal.stagingPath();
        Path second = keptNew ? journal.stagingPath() : journal.oldPath();
        TreeDeleter.delete(first);
        crash.reached(stepPrefix + (keptNew ? "old-deleted" : "staging-deleted"));
        TreeDeleter.delete(second);
        crash.reached(stepPrefix + (keptNew ? "staging-deleted" : "old-deleted"));
        Fsync.directory(journal.volumePath().getParent());
        journals.delete(journal.rid());
        crash.reached(stepPrefix + "journal-deleted");
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                names.add(path.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    /** rename(2); refuses to replace anything, which a plain rename would do silently. */
    private static void move(Path from, Path to) throws IOException {
        if (exists(to)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void evict(Path stray, Path into) throws IOException {
        for (int n = 0; ; n++) {
            Path target = into.resolve(".foreign-" + n);
            if (!exists(target)) {
                move(stray, target);
                return;
            }
        }
    }
}
