package io.backupd.daemon.storage;

import java.io.OutputStream;

/**
 * One object being written. Write to {@link #stream()}, then {@link #commit()} to publish it.
 * Closing without a commit aborts: the partial bytes are discarded and never become visible.
 * Used by one thread; {@link #close()} is idempotent, so try-with-resources always cleans up.
 */
public interface Upload extends AutoCloseable {

    /** Where the bytes go. Closing this stream does not commit. */
    OutputStream stream();

    /** Makes the object durable and visible under its key; returns what was stored. */
    ObjectInfo commit();

    /** Discards the upload unless it was committed. */
    @Override
    void close();
}
