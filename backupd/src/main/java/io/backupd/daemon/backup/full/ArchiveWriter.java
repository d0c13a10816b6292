package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Streams a volume directory into one archive of one format: {@link TarArchiveWriter} over a
 * {@link Compression} ({@code .tar.gz}, {@code .tar.zst}); the daemon keeps one writer per format
 * a job can name, and callers never see how the format is made.
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

    /** Writes the archive of {@code volumeDir} to {@code out}; its gzip members, if any, are in the answer. */
    WrittenArchive write(Path volumeDir, OutputStream out, ArchiveProgress progress) throws IOException;
}
