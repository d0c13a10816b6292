package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Files written into a staging folder whose content and metadata are not yet durable, made durable
 * in batches rather than one by one, and behind the extraction rather than in its way.
 *
 * <p>One fsync per file as it is written costs one journal commit and one disk flush per file,
 * which dominates the restore of a volume of many small files. So each file stays open until its
 * batch is flushed: one syncfs of the staging's file system writes the batch back together
 * ({@link Fsync#fileSystemOf}), then each file is fsynced through the very descriptor that wrote it,
 * which makes it durable for certain and reports any write error, whatever the kernel's syncfs
 * does. Small batches skip the syncfs: a few fsyncs cost less than starting a process.
 *
 * <p>Batches are flushed on a background thread while the extraction goes on: left to the end, the
 * disk would write back the whole volume only after the last byte was decompressed (the kernel
 * starts writeback on its own only past gigabytes of dirty pages). The batch size adapts to the
 * disk, like a group commit: whenever no flush is running, what is pending is handed over as soon
 * as it is worth a syncfs ({@code min}); while one runs, the next batch grows, up to {@code max}
 * files or bytes, where the extraction waits for the running flush. So a fast disk starts
 * writing back early and a slow one gets few large batches, and neither dirty pages nor open
 * descriptors ({@code 2 × max} files at most) pile up. A failure of a background flush is thrown
 * by the next {@link #add} or {@link #flush()}.
 *
 * <p>Not thread-safe; one per extraction, used from its thread. {@link #flush()} returns when every
 * file added is durable and closed, and the background thread has been let go. {@link #close()} closes what is still pending without forcing
 * it (the extraction failed; staging is deleted).
 */
final class StagedFiles implements AutoCloseable {
    /** How many files or bytes a batch holds at least (flusher idle) and at most (flusher busy). */
    record Limits(int minFiles, long minBytes, int maxFiles, long maxBytes) {
        /**
         * At most 512 descriptors per batch, 1024 per extraction: far below the fd limit the JVM
         * raises itself to, even with several restores at once.
         */
        static final Limits DEFAULT = new Limits(32, 8L << 20, 512, 128L << 20);

        /** Batches of exactly {@code files} files or {@code bytes} bytes, whatever the flusher does. */
        static Limits fixed(int files, long bytes) {
            return new Limits(files, bytes, files, bytes);
        }
    }

    /** Makes a batch durable and closes every channel in it, also when it fails. */
    @FunctionalInterface
    interface Durability {
        void makeDurable(List<FileChannel> batch) throws IOException;
    }

    /** Below this many files a syncfs (a process start) costs more than it saves. */
    private static final int SYNCFS_FROM = 16;

    private final Limits limits;
    private final Durability durability;
    private List<FileChannel> pending = new ArrayList<>();
    private long pendingBytes;
    private ExecutorService flusher;
    private Future<Void> flushing;

    StagedFiles(Path root) {
        this(Limits.DEFAULT, batch -> syncfsThenFsync(batch, root));
    }

    StagedFiles(Path root, Limits limits) {
        this(limits, batch -> syncfsThenFsync(batch, root));
    }

    StagedFiles(Limits limits, Durability durability) {
        this.limits = limits;
        this.durability = durability;
    }

    /** Takes over {@code channel}: written and with its metadata applied, to be forced and closed here. */
    void add(FileChannel channel) throws IOException {
        pending.add(channel);
        pendingBytes += channel.size();
        boolean idle = flushing == null || flushing.isDone();
        if (idle ? pending.size() >= limits.minFiles() || pendingBytes >= limits.minBytes()
                : pending.size() >= limits.maxFiles() || pendingBytes >= limits.maxBytes()) {
            handOver();
        }
    }

    /** Makes every file added durable and closes it; the first failure is thrown after all are closed. */
    void flush() throws IOException {
        IOException background = null;
        try {
            awaitFlushing();
        } catch (IOException e) {
            background = e;
        }
        stopFlusher(); // its last batch is through; a later add starts another
        List<FileChannel> rest = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        if (background != null) {
            closeQuietly(rest);
            throw background;
        }
        durability.makeDurable(rest);
    }

    @Override
    public void close() {
        try {
            awaitFlushing();
        } catch (IOException e) {
            // the extraction failed already; staging is being deleted
        }
        closeQuietly(pending);
        pending = new ArrayList<>();
        stopFlusher();
    }

    /** Lets the idle flusher thread end: a finished extraction must not leave a thread behind. */
    private void stopFlusher() {
        if (flusher != null) {
            flusher.shutdown();
            flusher = null;
        }
    }

    private void handOver() throws IOException {
        awaitFlushing();
        List<FileChannel> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        if (flusher == null) {
            flusher = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "restore-fsync");
                t.setDaemon(true);
                return t;
            });
        }
        flushing = flusher.submit(() -> {
            durability.makeDurable(batch);
            return null;
        });
    }

    /** Waits for the batch being flushed, if any, and throws its failure. */
    private void awaitFlushing() throws IOException {
        Future<Void> current = flushing;
        if (current == null) {
            return;
        }
        flushing = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    current.get(); // not abandoned on interrupt: its channels must be closed before staging goes
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof IOException io ? io : new IOException("making staged files durable failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void syncfsThenFsync(List<FileChannel> batch, Path root) throws IOException {
        if (batch.size() >= SYNCFS_FROM) {
            Fsync.fileSystemOf(root);
        }
        IOException failure = null;
        for (FileChannel channel : batch) {
            try (channel) {
                if (failure == null) {
                    channel.force(true);
                }
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(List<FileChannel> channels) {
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // staging is being deleted; nothing of it is relied on
            }
        }
    }
}
