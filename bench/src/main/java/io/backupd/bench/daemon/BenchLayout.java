package io.backupd.bench.daemon;

import java.nio.file.Path;

/**
 * Where everything of one bench run lives, all under {@code work} (one disk): the daemon's volume
 * root, storage and state, the peers' archives, repositories and mirrors, the restore mount point.
 *
 * <p>Volumes follow the daemon's layout {@code <volume-root>/<app>/<proc>/<N>/<volume>} with app
 * {@code bench} and volume {@code /data}: instance 1 of {@code bench.full.full} is a copy of the
 * dataset (full backups), instance {@code r} of {@code bench.inc.inc} a fresh copy per round
 * (incremental steps, mutated in between). Restores go to other instances of the same proc (a
 * {@code migrate}), whose instance folder is a freshly mounted file system.
 */
record BenchLayout(Path dataset, Path work) {
    static final String APP = "bench";
    static final String VOLUME = "/data";
    static final String FULL_PROC = "bench.full.full";
    static final String INC_PROC = "bench.inc.inc";
    static final String WARM_PROC = "bench.warm.warm";
    static final int FULL_INSTANCE = 1;
    static final int FULL_RESTORE_INSTANCE = 2;
    /** A second copy of the dataset, backed up beside the first in the {@code busy} scenarios. */
    static final int BUSY_INSTANCE = 3;

    BenchLayout {
        dataset = dataset.toAbsolutePath().normalize();
        work = work.toAbsolutePath().normalize();
    }

    Path volumes() {
        return work.resolve("volumes");
    }

    Path storage() {
        return work.resolve("storage");
    }

    Path state() {
        return work.resolve("state");
    }

    /** The peers' full archives. */
    Path peer() {
        return work.resolve("peer");
    }

    /** Where the peers restore into (a fresh file system each time). */
    Path restoreMount() {
        return work.resolve("restore-mnt");
    }

    Path resticCache() {
        return work.resolve("restic-cache");
    }

    /** {@code <volume-root>/bench/<proc>/<instance>}: the mount point of a restore target. */
    Path instanceDir(String proc, int instance) {
        return volumes().resolve(APP).resolve(proc).resolve(Integer.toString(instance));
    }

    Path volumeDir(String proc, int instance) {
        return instanceDir(proc, instance).resolve(VOLUME.substring(1));
    }

    Path fullVolume() {
        return volumeDir(FULL_PROC, FULL_INSTANCE);
    }

    Path incVolume(int round) {
        return volumeDir(INC_PROC, round);
    }

    /** Restore target of round {@code round}'s snapshot: an instance no backup job names. */
    static int incRestoreInstance(int round) {
        return 100 + round;
    }

    /** The daemon's snapshot repository of round {@code round}'s incremental volume. */
    Path incRepository(int round) {
        return storage().resolve(APP).resolve(INC_PROC).resolve(Integer.toString(round)).resolve(VOLUME.substring(1))
                .resolve("increment");
    }

    Path resticRepository(int round) {
        return work.resolve("restic-" + round);
    }

    Path mirror(int round) {
        return work.resolve("mirror-" + round);
    }
}
