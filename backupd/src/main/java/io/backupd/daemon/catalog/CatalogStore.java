package io.backupd.daemon.catalog;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reads and changes the catalogs in storage. Thread-safe.
 *
 * <p>Changes to one catalog are serialised by a lock per catalog key in this daemon and written
 * with {@link Storage#replace}, so readers see the old or the new catalog, never a mix. Across
 * daemons there is no lock: one volume instance is backed up by one node at a time (the planner
 * puts an instance's jobs on its node), and {@link #update} re-reads the catalog just before it
 * replaces it and starts over when another writer got there first, which narrows the remaining
 * window to that of one replace.
 *
 * <p>Errors: a catalog that does not parse is a {@link CorruptCatalogException}; {@link #update}
 * never overwrites it; only {@link #replaceSettingAside} (an explicit rebuild) does, after keeping
 * its bytes. I/O failures are STORAGE_FAILED from the driver.
 */
public final class CatalogStore {
    private static final int ATTEMPTS = 3;

    private final Storage storage;
    private final Clock clock;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();

    public CatalogStore(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** A catalog before and after a change. */
    public record Update(Catalog before, Catalog after) {
        /** The entries the change removed. */
        public List<CatalogEntry> removed() {
            Set<String> kept = after.entries().stream().map(CatalogEntry::name).collect(Collectors.toSet());
            return before.entries().stream().filter(e -> !kept.contains(e.name())).toList();
        }
    }

    /** The catalog at {@code key}, or empty when there is none; CorruptCatalogException when it does not parse. */
    public Optional<Catalog> read(String key) {
        return Optional.ofNullable(readRaw(key)).map(raw -> decode(key, raw));
    }

    /**
     * Applies {@code change} to the catalog at {@code key} under its lock and replaces it
     * atomically. A missing catalog starts as {@code whenMissing} (an empty one, or one rebuilt
     * from the archives present); a catalog the change leaves equal is not rewritten, and an
     * empty one is not created. Idempotent
     * when {@code change} is. CorruptCatalogException, leaving the damaged catalog untouched.
     */
    public Update update(String key, Supplier<Catalog> whenMissing, UnaryOperator<Catalog> change) {
        return locked(key, () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                byte[] raw = readRaw(key);
                Catalog before = raw == null ? whenMissing.get() : decode(key, raw);
                Catalog after = change.apply(before);
                // nothing changed; and a folder that had no catalog gets none for nothing to list
                if (raw != null ? after.equals(before) : after.entries().isEmpty()) {
                    return new Update(before, after);
                }
                // another daemon may have written it since we read it: then apply the change to its version
                if (!Arrays.equals(raw, readRaw(key))) {
                    continue;
                }
                storage.replace(key, CatalogCodec.encode(after));
                corrupt.remove(key);
                return new Update(before, after);
            }
            throw new BackupException(ErrorCode.CONFLICT, "catalog " + key + " changed under this daemon " + ATTEMPTS
                    + " times in a row; is another node writing it? Nothing was changed");
        });
    }

    /**
     * Replaces the catalog at {@code key} with {@code catalog}, for an explicit rebuild: a catalog
     * there that does not parse is first copied to {@code <key>.corrupt-<unix millis>}, whose key is
     * returned. Takes the catalog's lock (reentrant: a caller may already hold it through
     * {@link #locked}).
     */
    public Optional<String> replaceSettingAside(String key, Catalog catalog) {
        return locked(key, () -> {
            byte[] raw = readRaw(key);
            String aside = null;
            if (raw != null && !parses(key, raw)) {
                aside = key + ".corrupt-" + clock.millis();
                storage.replace(aside, raw);
            }
            storage.replace(key, CatalogCodec.encode(catalog));
            corrupt.remove(key);
            return Optional.ofNullable(aside);
        });
    }

    /** Runs {@code work} holding the lock of catalog {@code key} (reentrant). */
    public <T> T locked(String key, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Catalogs this daemon found damaged since it started and that were not repaired since, sorted. */
    public Set<String> corrupt() {
        return new TreeSet<>(corrupt);
    }

    private Catalog decode(String key, byte[] raw) {
        try {
            Catalog catalog = CatalogCodec.decode(key, raw);
            corrupt.remove(key);
            return catalog;
        } catch (CorruptCatalogException e) {
            corrupt.add(key);
            throw e;
        }
    }

    private boolean parses(String key, byte[] raw) {
        try {
            CatalogCodec.decode(key, raw);
            return true;
        } catch (CorruptCatalogException e) {
            return false;
        }
    }

    /** The stored bytes, or null when there is no such object. Catalogs are kilobytes. */
    private byte[] readRaw(String key) {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        } catch (BackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read catalog " + key + ": " + e, Map.of("catalog", key), e);
        }
    }
}
