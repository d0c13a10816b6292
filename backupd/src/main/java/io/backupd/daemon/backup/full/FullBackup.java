package io.backupd.daemon.backup.full;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A full backup: the volume streamed through an {@link ArchiveWriter} straight into a storage
 * upload, hashed on the way, and committed only when the archive is complete. A failure or
 * cancellation anywhere aborts the upload, so no partial archive is ever visible. Thread-safe.
 */
public final class FullBackup {
    private final Storage storage;
    private final ArchiveWriter writer;

    public FullBackup(Storage storage, ArchiveWriter writer) {
        this.storage = storage;
        this.writer = writer;
    }

    /** The archive name ending the writer produces, e.g. {@code .tar.gz}. */
    public String extension() {
        return writer.extension();
    }

    /**
     * Archives {@code volumeDir} to {@code key}; STORAGE_FAILED on I/O errors. CONFLICT when the key
     * exists: archive names have whole seconds, and a second backup within the same second must not
     * silently replace the first.
     */
    public StoredArchive write(Path volumeDir, String key, ArchiveProgress progress) {
        if (storage.stat(key).isPresent()) {
            throw new BackupException(ErrorCode.CONFLICT, "backup " + key + " exists already; a volume is backed up"
                    + " at most once per second (archive names carry whole seconds)");
        }
        MessageDigest sha256 = sha256();
        try (Upload upload = storage.create(key)) {
            ArchiveStats stats;
            try (OutputStream out = new DigestOutputStream(upload.stream(), sha256)) {
                stats = writer.write(volumeDir, out, progress);
            }
            ObjectInfo stored = upload.commit();
            return new StoredArchive(stored.key(), stored.size(), HexFormat.of().formatHex(sha256.digest()), stats);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot archive " + volumeDir + " to " + key + ": " + e, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
