package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.storage.HostName;
import java.time.Clock;
import java.time.Duration;

/**
 * Tunables of an {@link IncrementRepository}. Chunker and pack size only matter when a repository is
 * created: afterwards its {@code config.json} decides. Immutable; use the {@code with...} methods.
 *
 * @param chunker        data chunk sizes (256 KiB / 1 MiB / 4 MiB by default)
 * @param packTarget     a pack is closed once it holds this many bytes (16 MiB)
 * @param compressionLevel zstd level for new blobs (1: on log-like data level 3 costs ~1.6x the CPU for ~2% less space)
 * @param packThreads    threads compressing and storing packs during a backup (2)
 * @param readThreads    threads reading, cutting and hashing changed files during a backup, several
 *                       files at once, while the calling thread walks the source (2)
 * @param restoreThreads threads restoring files and verifying packs in check (2)
 * @param clock          time source for snapshot times and lock expiry
 * @param lockExpiry     a lock not refreshed for this long is stale and may be broken (30 min)
 * @param lockRefresh    how often a running operation rewrites its lock (5 min)
 * @param repackGarbage  prune repacks a pack when more than this fraction of its bytes is garbage (0.5)
 * @param owner          who holds locks, for people reading them ("backupd")
 * @param host           the host recorded in locks and snapshots
 */
public record RepositoryOptions(ChunkerParams chunker, int packTarget, int compressionLevel, int packThreads,
                                int readThreads, int restoreThreads, Clock clock, Duration lockExpiry, Duration lockRefresh,
                                double repackGarbage, String owner, String host) {

    public RepositoryOptions {
        if (packTarget < (64 << 10) || packTarget > (512 << 20)) {
            throw BackupException.invalid("pack target must be between 64 KiB and 512 MiB, got " + packTarget);
        }
        if (compressionLevel < -7 || compressionLevel > 19) {
            throw BackupException.invalid("zstd level must be between -7 and 19, got " + compressionLevel);
        }
        if (packThreads < 1 || readThreads < 1 || restoreThreads < 1) {
            throw BackupException.invalid("thread counts must be at least 1");
        }
        if (lockRefresh.compareTo(lockExpiry) >= 0 || lockRefresh.isNegative() || lockRefresh.isZero()) {
            throw BackupException.invalid("lock refresh interval must be positive and shorter than the lock expiry");
        }
        if (!(repackGarbage > 0 && repackGarbage <= 1)) {
            throw BackupException.invalid("repack threshold must be in (0, 1], got " + repackGarbage);
        }
    }

    public static RepositoryOptions defaults() {
        return new RepositoryOptions(ChunkerParams.DATA, 16 << 20, 1, 2, 2, 2,
                Clock.systemUTC(), Duration.ofMinutes(30), Duration.ofMinutes(5), 0.5, "backupd", HostName.local());
    }

    public RepositoryOptions withChunker(ChunkerParams value) {
        return new RepositoryOptions(value, packTarget, compressionLevel, packThreads, readThreads, restoreThreads,
                clock, lockExpiry, lockRefresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withPackTarget(int value) {
        return new RepositoryOptions(chunker, value, compressionLevel, packThreads, readThreads, restoreThreads,
                clock, lockExpiry, lockRefresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withCompressionLevel(int value) {
        return new RepositoryOptions(chunker, packTarget, value, packThreads, readThreads, restoreThreads,
                clock, lockExpiry, lockRefresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withThreads(int pack, int restore) {
        return new RepositoryOptions(chunker, packTarget, compressionLevel, pack, readThreads, restore,
                clock, lockExpiry, lockRefresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withReadThreads(int value) {
        return new RepositoryOptions(chunker, packTarget, compressionLevel, packThreads, value, restoreThreads,
                clock, lockExpiry, lockRefresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withClock(Clock value) {
        return new RepositoryOptions(chunker, packTarget, compressionLevel, packThreads, readThreads, restoreThreads,
                value, lockExpiry, lockRefresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withLockTimes(Duration expiry, Duration refresh) {
        return new RepositoryOptions(chunker, packTarget, compressionLevel, packThreads, readThreads, restoreThreads,
                clock, expiry, refresh, repackGarbage, owner, host);
    }

    public RepositoryOptions withOwner(String value) {
        return new RepositoryOptions(chunker, packTarget, compressionLevel, packThreads, readThreads, restoreThreads,
                clock, lockExpiry, lockRefresh, repackGarbage, value, host);
    }
}
