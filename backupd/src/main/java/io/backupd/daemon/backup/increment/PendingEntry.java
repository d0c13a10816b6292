package io.backupd.daemon.backup.increment;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tree entry in walk order that may still be waiting for a reading thread: the walk queues entries
 * in order, readers chunk and hash changed files concurrently, and the walk writes each entry to the
 * tree once it is done. Entries that need no reading (directories, symlinks, unchanged files) are done
 * from the start. A reader ends each entry exactly once: {@link #complete}, {@link #omit} or
 * {@link #abandon}; what it set is visible to the thread that then sees {@link #done()}.
 */
final class PendingEntry {
    private final SourceEntry source;
    private final TreeEntry parent;
    private final CountDownLatch finished;
    private TreeEntry entry;
    private String warning;
    private RuntimeException failure;

    private PendingEntry(SourceEntry source, TreeEntry parent, TreeEntry entry) {
        this.source = source;
        this.parent = parent;
        this.entry = entry;
        this.finished = entry == null ? new CountDownLatch(1) : null;
    }

    static PendingEntry ready(TreeEntry e) {
        return new PendingEntry(null, null, e);
    }

    /**
     * A file to be read by a reader, which then completes, omits or abandons it; {@code parent} is its
     * record in the parent snapshot, or null.
     */
    static PendingEntry reading(SourceEntry s, TreeEntry parent) {
        return new PendingEntry(s, parent, null);
    }

    /** The file to read; only for entries made by {@link #reading}. */
    SourceEntry source() {
        return source;
    }

    /** The file's record in the parent snapshot, or null. */
    TreeEntry parent() {
        return parent;
    }

    /** Read: {@code size} bytes (a file may have changed size since its stat) in {@code chunks}. */
    void complete(long size, List<ChunkId> chunks) {
        entry = new TreeEntry(source.path(), source.type(), source.mode(), source.uid(), source.gid(),
                source.mtimeNanos(), source.ctimeNanos(), size, source.inode(), source.device(), null, chunks);
        finished.countDown();
    }

    /** Left out of the snapshot: vanished ({@code warning} null) or unreadable (why). */
    void omit(String why) {
        warning = why;
        finished.countDown();
    }

    /** The reader failed for a reason that stops the backup ({@code why}: the packer's failure, a bug). */
    void abandon(RuntimeException why) {
        failure = why;
        finished.countDown();
    }

    boolean done() {
        return finished == null || finished.getCount() == 0;
    }

    /** Waits up to {@code millis} for the entry to be done; true when it is. */
    boolean await(long millis) throws InterruptedException {
        return finished == null || finished.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether a reader produced this entry (false for entries done from the start); once done. */
    boolean wasRead() {
        return finished != null;
    }

    /** The finished entry, null when omitted or abandoned; once done. */
    TreeEntry entry() {
        return entry;
    }

    /** Why an omitted entry was left out, null when it vanished or was not omitted; once done. */
    String warning() {
        return warning;
    }

    /** Why the reader gave up on this entry, null unless abandoned; once done. */
    RuntimeException failure() {
        return failure;
    }
}
