package io.backupd.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's only file I/O. A write goes to a temporary name, is fsynced and then renamed over
 * the target, so a reader (or a restarted engine) sees the old bytes or the new ones, never a mix.
 * Callers serialise writes to the same file; different files may be written concurrently.
 */
final class AtomicFiles {
    private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);
    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    static void write(Path file, Object value) {
        writeBytes(file, Json.writeBytes(value));
    }

    static void writeBytes(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + TEMP_SUFFIX);
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot write " + file + ": " + e, e);
        }
    }

    /**
     * The decoded content of {@code file}, empty when it does not exist. A file that does not
     * decode is moved aside (kept for a human to look at) and reported as absent: one corrupt
     * state file must not keep the daemon from starting.
     */
    static <T> Optional<T> read(Path file, TypeReference<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.mapper().readValue(Files.readAllBytes(file), type));
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            log.error("{} cannot be read ({}); moving it to {} and starting without it", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                throw new BackupException(ErrorCode.INTERNAL, "cannot move corrupt " + file + " aside: " + moveFailed, moveFailed);
            }
            return Optional.empty();
        }
    }

    static void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                syncDirectory(file.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot delete " + file + ": " + e, e);
        }
    }

    /** Makes the rename itself durable; without it a power cut may bring back the old name. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the rename is still atomic there
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
