package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fsync of a directory, which makes the names in it (created, renamed, removed) survive a power
 * loss. The file contents themselves are forced where they are written.
 */
final class Fsync {
    private Fsync() {
    }

    static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
