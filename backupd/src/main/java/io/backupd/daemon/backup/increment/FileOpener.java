package io.backupd.daemon.backup.increment;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a source file for reading. The seam exists so tests can count which files a backup reads;
 * the default never follows a symlink swapped in after the walk saw a regular file.
 */
@FunctionalInterface
interface FileOpener {
    FileOpener DEFAULT = file -> FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    ReadableByteChannel open(Path file) throws IOException;
}
