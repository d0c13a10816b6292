package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fsync of a directory, which makes the names in it (created, renamed, removed) survive a power
 * loss; and syncfs of a whole file system, which only speeds up the fsyncs that follow it. The
 * file contents themselves are forced where they are written ({@link StagedFiles}).
 */
final class Fsync {
    private static final Logger LOG = LoggerFactory.getLogger(Fsync.class);
    /** Long enough for gigabytes of dirty pages; past it the caller's own fsyncs do the rest. */
    private static final long SYNCFS_TIMEOUT_SECONDS = 120;

    private Fsync() {
    }

    static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Asks the kernel to write back everything dirty on the file system holding {@code dir}, at
     * once: syncfs(2), through coreutils' {@code sync --file-system}, as Java has no call for it.
     * Best effort and never a substitute for fsync: before Linux 5.8 syncfs does not report write
     * errors, so callers fsync each file afterwards, which then finds it clean and returns quickly
     * (one journal commit and one pass of writeback instead of one per file). Any failure here
     * (no {@code sync}, a timeout) is logged and ignored.
     */
    static void fileSystemOf(Path dir) {
        try {
            Process sync = new ProcessBuilder(List.of("sync", "--file-system", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!sync.waitFor(SYNCFS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                sync.destroy();
                LOG.warn("sync --file-system {} still runs after {} s; fsyncing file by file", dir, SYNCFS_TIMEOUT_SECONDS);
            } else if (sync.exitValue() != 0) {
                LOG.debug("sync --file-system {} exited {}; fsyncing file by file", dir, sync.exitValue());
            }
        } catch (IOException e) {
            LOG.debug("cannot run sync --file-system {}: {}; fsyncing file by file", dir, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
