package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reads every index file of a repository into a {@link ChunkIndex}. */
final class IndexLoader {
    private IndexLoader() {
    }

    /**
     * The loaded index, the index files it came from, and those that could not be read with why.
     * Backups and restores go on without an unreadable file (losing only deduplication, or naming the
     * chunks they cannot find); prune refuses to run and check reports it.
     */
    record Loaded(ChunkIndex index, List<String> keys, Map<String, String> unreadable) {
    }

    static Loaded load(RepositoryStorage storage) {
        ChunkIndex index = new ChunkIndex();
        Loaded loaded = new Loaded(index, new ArrayList<>(), new LinkedHashMap<>());
        forEach(storage, loaded, index::add);
        return loaded;
    }

    /**
     * Streams every (pack, blob) of every index file, duplicates included, and records in {@code into}
     * which files were read and which were unreadable. A file's checksum is verified before any of its
     * entries is visited, so a damaged file contributes nothing.
     */
    static void forEach(RepositoryStorage storage, Loaded into, BiConsumer<String, BlobEntry> visitor) {
        for (String key : storage.list(RepositoryLayout.INDEX)) {
            if (RepositoryLayout.indexIdOf(key) == null) {
                continue;
            }
            byte[] data;
            try (InputStream in = storage.open(key)) {
                data = in.readAllBytes();
            } catch (BackupException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // deleted by a prune since the listing
                }
                throw e;
            } catch (IOException e) {
                throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read index file " + key + ": " + e, e);
            }
            try {
                IndexFile.decode(data, visitor);
                into.keys().add(key);
            } catch (IllegalArgumentException e) {
                into.unreadable().put(key, e.getMessage());
            }
        }
    }
}
