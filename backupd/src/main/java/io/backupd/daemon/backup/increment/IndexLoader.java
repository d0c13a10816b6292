package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** Reads every index file of a repository into a {@link ChunkIndex}. */
final class IndexLoader {
    /** Listings at most while index files keep vanishing under us (each replaced by a new one). */
    private static final int MAX_LISTINGS = 5;
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
        return load(storage, pack -> true);
    }

    /** The index without the entries of packs {@code keep} refuses (packs known to be gone). */
    static Loaded load(RepositoryStorage storage, Predicate<String> keep) {
        ChunkIndex index = new ChunkIndex();
        Loaded loaded = new Loaded(index, new ArrayList<>(), new LinkedHashMap<>());
        forEach(storage, loaded, (pack, blob) -> {
            if (keep.test(pack)) {
                index.add(pack, blob);
            }
        });
        return loaded;
    }

    /**
     * Streams every (pack, blob) of every index file, duplicates included, and records in {@code into}
     * which files were read and which were unreadable. A file's checksum is verified before any of its
     * entries is visited, so a damaged file contributes nothing.
     */
    static void forEach(RepositoryStorage storage, Loaded into, BiConsumer<String, BlobEntry> visitor) {
        Set<String> listed = new HashSet<>();
        for (int listing = 1; ; listing++) {
            boolean vanished = false;
            for (String key : storage.list(RepositoryLayout.INDEX)) {
                if (RepositoryLayout.indexIdOf(key) == null || !listed.add(key)) {
                    continue;
                }
                vanished |= !read(storage, key, into, visitor);
            }
            // under a shared lock a file vanishes only when a backup healing lost packs replaced it, and it
            // writes the replacement before deleting: one more listing finds what we would have missed
            if (!vanished || listing == MAX_LISTINGS) {
                return;
            }
        }
    }

    /** Visits one index file; false when it is gone. */
    private static boolean read(RepositoryStorage storage, String key, Loaded into, BiConsumer<String, BlobEntry> visitor) {
        byte[] data = bytesOf(storage, key);
        if (data == null) {
            return false;
        }
        try {
            IndexFile.decode(data, visitor);
            into.keys().add(key);
        } catch (IllegalArgumentException e) {
            into.unreadable().put(key, e.getMessage());
        }
        return true;
    }

    /** The bytes of index file {@code key}, or null when it is gone. */
    static byte[] bytesOf(RepositoryStorage storage, String key) {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        } catch (BackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read index file " + key + ": " + e, e);
        }
    }
}
