package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files written into a staging folder whose content and metadata are not yet durable, made durable
 * in batches rather than one by one: fsyncing each file as it is written costs one journal commit
 * and one disk flush per file, which dominates the restore of a volume of many small files.
 *
 * <p>Each file stays open until its batch is flushed: once {@code batchSize} are pending (and at
 * {@link #flush()}), one syncfs of the staging's file system writes them all back together
 * ({@link Fsync#fileSystemOf}), then each is fsynced through the very descriptor that wrote it,
 * which makes it durable for certain and reports any write error, whatever the kernel's syncfs
 * does. Small batches skip the syncfs: a few fsyncs cost less than starting a process.
 *
 * <p>Not thread-safe; one per extraction. {@link #close()} closes what is still pending without
 * forcing it (the extraction failed; staging is deleted).
 */
final class StagedFiles implements AutoCloseable {
    /** Open descriptors per extraction: far below any fd limit, even with several restores at once. */
    static final int DEFAULT_BATCH = 128;
    /** Below this many files a syncfs (a process start) costs more than it saves. */
    private static final int SYNCFS_FROM = 16;

    private final Path root;
    private final int batchSize;
    private final List<FileChannel> pending = new ArrayList<>();

    StagedFiles(Path root, int batchSize) {
        this.root = root;
        this.batchSize = batchSize;
    }

    /** Takes over {@code channel}: written and with its metadata applied, to be forced and closed here. */
    void add(FileChannel channel) throws IOException {
        pending.add(channel);
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    /** Makes every pending file durable and closes it; the first failure is thrown after all are closed. */
    void flush() throws IOException {
        if (pending.size() >= SYNCFS_FROM) {
            Fsync.fileSystemOf(root);
        }
        IOException failure = null;
        for (FileChannel channel : pending) {
            try (channel) {
                if (failure == null) {
                    channel.force(true);
                }
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        pending.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        for (FileChannel channel : pending) {
            try {
                channel.close();
            } catch (IOException e) {
                // staging is being deleted; nothing of it is relied on
            }
        }
        pending.clear();
    }
}
