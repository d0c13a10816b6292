package io.backupd.daemon.storage.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Which upload temporaries under {@code .backupd-tmp/} a sweep deletes: only this host's, only those
 * last written before the cutoff, never one of an upload this process still has open, nor one of
 * another live process of this host (a second daemon, or a standalone controller beside it).
 * Temporaries named before names carried their owner are taken as anyone's, so they go only a day
 * after the cutoff, as they did before.
 */
final class TemporarySweep {
    static final Duration UNOWNED_GRACE = Duration.ofDays(1);

    private final Path temp;
    private final UploadOwner self;
    private final Predicate<Path> open;

    TemporarySweep(Path temp, UploadOwner self, Predicate<Path> open) {
        this.temp = temp;
        this.self = self;
        this.open = open;
    }

    /** Deletes what may go; returns how many files were deleted. Best effort: an unreadable entry is left. */
    int run(Instant cutoff) {
        int deleted = 0;
        try (Stream<Path> parts = Files.list(temp)) {
            for (Path p : (Iterable<Path>) parts::iterator) {
                if (mayDelete(p, cutoff) && Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp file only costs space, it is never visible as an object; the next sweep retries
        }
        return deleted;
    }

    private boolean mayDelete(Path p, Instant cutoff) {
        Optional<UploadOwner> owner = UploadOwner.ofName(p.getFileName().toString());
        if (owner.isEmpty()) {
            return modifiedBefore(p, cutoff.minus(UNOWNED_GRACE));
        }
        if (!owner.get().host().equals(self.host()) || !modifiedBefore(p, cutoff)) {
            return false;
        }
        if (owner.get().pid() == self.pid()) {
            return !open.test(p);
        }
        return ProcessHandle.of(owner.get().pid()).isEmpty();
    }

    private static boolean modifiedBefore(Path p, Instant cutoff) {
        try {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }
}
