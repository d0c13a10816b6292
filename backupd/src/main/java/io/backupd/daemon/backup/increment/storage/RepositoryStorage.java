package io.backupd.daemon.backup.increment.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The objects of one snapshot repository, addressed by keys relative to the repository's root
 * (for example {@code packs/3f/3f0c...}). It is the narrow slice of the daemon's {@code Storage}
 * the repository needs; the daemon adapts its storage (and the per-volume prefix) to it.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>{@link #put} is atomic: the object is invisible to {@link #open}, {@link #size} and
 *       {@link #list} until it is complete and durable, and a crashed or failed put never becomes
 *       visible. It replaces an existing object atomically (readers see old or new bytes).</li>
 *   <li>Keys are relative, slash-separated, without empty, {@code .} or {@code ..} segments; a key
 *       that would escape the root is refused with {@code INVALID_ARGUMENT} before anything is
 *       touched.</li>
 *   <li>I/O failures surface as {@code BackupException(STORAGE_FAILED)}; reading an absent object
 *       as {@code NOT_FOUND}.</li>
 *   <li>{@link #delete} is idempotent.</li>
 * </ul>
 * Implementations are thread-safe: the repository uploads packs from several threads at once.
 */
public interface RepositoryStorage {

    /**
     * Stores exactly {@code size} bytes read from {@code data} under {@code key}, atomically. A stream
     * that ends early or has more bytes is a failure and stores nothing. The caller closes {@code data}.
     */
    void put(String key, InputStream data, long size);

    /** Stores a small object (a snapshot, a lock, an index) atomically. */
    default void put(String key, byte[] content) {
        put(key, new ByteArrayInputStream(content), content.length);
    }

    /** Streams the whole object; NOT_FOUND when absent. The caller closes the stream. */
    InputStream open(String key);

    /**
     * Streams {@code length} bytes of the object starting at {@code offset} (a ranged read; packs are
     * read blob by blob). NOT_FOUND when absent; reading past the end yields fewer bytes.
     */
    InputStream open(String key, long offset, long length);

    /** The size of the committed object, or empty when there is none. */
    Optional<Long> size(String key);

    /**
     * Keys of committed objects starting with {@code prefix} (a plain string prefix, as object stores
     * have it), in ascending key order. Objects being written are never listed.
     */
    List<String> list(String prefix);

    /** Removes {@code key}; true when it existed. Idempotent. */
    boolean delete(String key);
}
