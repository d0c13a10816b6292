package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Streams a volume directory into one archive. The plain tar + gzip writer is the first; a
 * parallel gzip or a tar + zstd writer can replace it by implementing this and choosing its own
 * {@link #extension()}; callers never see the format.
 *
 * <p>Contract: entries are named relative to the volume directory; symlinks are stored as links,
 * never followed; nothing is held whole in memory. The writer finishes the format's trailer but
 * does not close {@code out}. It polls {@link ArchiveProgress#cancelled()} between files and throws
 * {@link java.util.concurrent.CancellationException} when asked to stop. Instances are stateless
 * and may write several archives at once.
 */
public interface ArchiveWriter {

    /** The file name ending of the archives it writes, with the dot: {@code .tar.gz}. */
    String extension();

    ArchiveStats write(Path volumeDir, OutputStream out, ArchiveProgress progress) throws IOException;
}
