package io.backupd.daemon.backup.full;

import java.io.OutputStream;
import java.util.List;

/**
 * A compressing archive stream that, once closed, says where its independently decodable
 * members are, so the caller can keep that index beside the archive and restore in parallel.
 *
 * <p>Like any {@link OutputStream}, not safe for concurrent writers. {@link #close()} finishes
 * the compressed stream and closes the sink it wraps.
 */
public abstract class IndexedOutputStream extends OutputStream {

    /**
     * The members written, in order, contiguous from offset 0; empty for formats without members.
     *
     * @throws IllegalStateException before {@link #close()} has completed successfully
     */
    public abstract List<GzipMember> members();
}
