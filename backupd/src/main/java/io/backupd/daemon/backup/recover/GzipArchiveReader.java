package io.backupd.daemon.backup.recover;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.backup.full.GzipMember;
import io.backupd.daemon.backup.full.GzipMemberIndex;
import io.backupd.daemon.backup.full.ParallelGzipInputStream;
import io.backupd.daemon.backup.restore.Decompressor;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code tar.gz} archives for restores: on several cores with the gzip member index this
 * daemon stored beside the archive ({@link ParallelGzipInputStream}), else sequentially on one
 * background thread: archives made by GNU tar, gzip or pigz, by versions before the index, or
 * whose index is missing, damaged or does not tile the archive.
 *
 * <p>The index only decides how the inflating is split, never what comes out: every member is
 * checked against its own CRC32 and length, an index that does not match the archive fails the
 * read (the restore is then refused, the volume untouched), and the restorer checks the archive's
 * SHA-256 over the very bytes inflated. Thread-safe.
 */
public final class GzipArchiveReader implements ArchiveReader {
    private static final Logger LOG = LoggerFactory.getLogger(GzipArchiveReader.class);
    /**
     * Inflating workers per restore. Four inflate faster than a restore writes files, and each
     * costs about 8 MiB of members in flight: more would only weigh on the daemon's small heap.
     */
    static final int MAX_THREADS = 4;
    /** About 5 bytes per MiB of archive: 32 MiB is an archive of several TiB; anything larger is not an index. */
    static final int MAX_INDEX_BYTES = 32 << 20;

    private final Storage storage;
    private final UnaryOperator<String> indexKeyOf;
    private final int threads;

    /** @param indexKeyOf where the member index of the archive stored at a key is */
    public GzipArchiveReader(Storage storage, UnaryOperator<String> indexKeyOf) {
        this(storage, indexKeyOf, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    GzipArchiveReader(Storage storage, UnaryOperator<String> indexKeyOf, int threads) {
        this.storage = storage;
        this.indexKeyOf = indexKeyOf;
        this.threads = threads;
    }

    @Override
    public Decompressor decompressorFor(CatalogEntry archive) {
        List<GzipMember> index = memberIndex(archive);
        return compressed -> new ParallelGzipInputStream(compressed, index, threads);
    }

    /** The archive's member index, or empty when it has none that fits (saying why in the log). */
    List<GzipMember> memberIndex(CatalogEntry archive) {
        String key = indexKeyOf.apply(archive.key());
        try {
            Optional<ObjectInfo> stored = storage.stat(key);
            if (stored.isEmpty()) {
                return List.of(); // not made by this daemon (or before it kept indexes): nothing to say
            }
            if (stored.get().size() > MAX_INDEX_BYTES) {
                return sequentially(archive, key + " has " + stored.get().size() + " bytes, more than any index");
            }
            List<GzipMember> members;
            try (InputStream in = storage.open(key)) {
                members = GzipMemberIndex.fromBytes(in.readNBytes(MAX_INDEX_BYTES));
            }
            long covered = members.isEmpty() ? 0 : members.get(members.size() - 1).compressedEnd();
            if (covered != archive.size()) {
                return sequentially(archive, key + " covers " + covered + " bytes, the archive has " + archive.size()
                        + ": it belongs to another archive");
            }
            return members;
        } catch (IOException | BackupException e) {
            return sequentially(archive, "cannot read " + key + ": " + e.getMessage());
        }
    }

    private static List<GzipMember> sequentially(CatalogEntry archive, String why) {
        LOG.warn("restore of {} inflates on one core: {}", archive.name(), why);
        return List.of();
    }
}
