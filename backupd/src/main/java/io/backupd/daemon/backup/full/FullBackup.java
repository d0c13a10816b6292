package io.backupd.daemon.backup.full;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.FullFormat;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full backup: the volume streamed through the {@link ArchiveWriter} of the chosen format
 * straight into a storage upload, hashed on the way, and committed only when the archive is
 * complete. A failure or cancellation anywhere aborts the upload, so no partial archive is ever
 * visible. A {@code .tar.gz}'s gzip member index is then stored beside it, for restores that
 * inflate on every core ({@code docs/gzip-member-index.md}). Thread-safe.
 */
public final class FullBackup {
    private static final Logger LOG = LoggerFactory.getLogger(FullBackup.class);

    private final Storage storage;
    private final Map<FullFormat, ArchiveWriter> writers;
    private final UnaryOperator<String> memberIndexKeyOf;

    /**
     * @param writers          a writer for every {@link FullFormat}, whose extension is the format's
     * @param memberIndexKeyOf where the member index of the archive stored at a key goes
     * @throws IllegalArgumentException when a format has no writer, or one of another extension
     */
    public FullBackup(Storage storage, Map<FullFormat, ArchiveWriter> writers, UnaryOperator<String> memberIndexKeyOf) {
        this.storage = storage;
        this.writers = new EnumMap<>(writers);
        this.memberIndexKeyOf = memberIndexKeyOf;
        for (FullFormat format : FullFormat.values()) {
            ArchiveWriter writer = this.writers.get(format);
            if (writer == null || !writer.extension().equals(format.extension())) {
                throw new IllegalArgumentException("format " + format.wireName() + " needs a writer of " + format.extension()
                        + " archives, got " + (writer == null ? "none" : writer.extension()));
            }
        }
    }

    /**
     * Archives {@code volumeDir} to {@code key} in {@code format}; STORAGE_FAILED on I/O errors. CONFLICT
     * when the key exists: archive names have whole seconds, and a second backup within the same second
     * must not silently replace the first.
     */
    public StoredArchive write(Path volumeDir, String key, FullFormat format, ArchiveProgress progress) {
        if (storage.stat(key).isPresent()) {
            throw new BackupException(ErrorCode.CONFLICT, "backup " + key + " exists already; a volume is backed up"
                    + " at most once per second (archive names carry whole seconds)");
        }
        MessageDigest sha256 = sha256();
        WrittenArchive written;
        ObjectInfo stored;
        try (Upload upload = storage.create(key)) {
            try (OutputStream out = new DigestOutputStream(upload.stream(), sha256)) {
                written = writers.get(format).write(volumeDir, out, progress);
            }
            stored = upload.commit();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot archive " + volumeDir + " to " + key + ": " + e, e);
        }
        return new StoredArchive(stored.key(), format, stored.size(), HexFormat.of().formatHex(sha256.digest()),
                written.stats(), storeMemberIndex(stored.key(), written));
    }

    /**
     * The index's key, or null when there is none or it could not be stored: the archive is
     * complete and readable without it (sequentially), so losing the index must not lose the backup.
     */
    private String storeMemberIndex(String key, WrittenArchive written) {
        if (written.members().isEmpty()) {
            return null;
        }
        String indexKey = memberIndexKeyOf.apply(key);
        try {
            storage.replace(indexKey, GzipMemberIndex.toBytes(written.members()));
            return indexKey;
        } catch (BackupException e) {
            LOG.warn("archive {} is stored, its member index is not (restores will inflate it on one core): {}", key,
                    e.getMessage());
            return null;
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
