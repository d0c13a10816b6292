package io.backupd.daemon.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Where backups are kept: a flat namespace of objects named by keys ({@link StorageKeys}), shaped
 * after an object store so a shared file system and S3 can both implement it without callers
 * changing.
 *
 * <p>Contract for every driver:
 * <ul>
 *   <li>An object written through {@link #create} is invisible to {@link #open}, {@link #stat} and
 *       {@link #list} until {@link Upload#commit()} returns; an aborted, unclosed or crashed upload
 *       never becomes visible.</li>
 *   <li>Commit replaces an existing object of the same key atomically: readers see the old or the
 *       new bytes, never a mix.</li>
 *   <li>A key that is not valid, or that would escape the storage's root, is refused with
 *       {@code INVALID_ARGUMENT} before anything is touched.</li>
 *   <li>I/O failures surface as {@code STORAGE_FAILED}; an absent object as {@code NOT_FOUND}.</li>
 * </ul>
 * Implementations are thread-safe; concurrent uploads of different keys do not interfere.
 */
public interface Storage {

    /** Starts writing {@code key}; nothing is visible until the returned upload is committed. */
    Upload create(String key);

    /** Streams the committed bytes of {@code key}; NOT_FOUND when absent. The caller closes it. */
    InputStream open(String key);

    /**
     * Streams {@code length} bytes of {@code key} starting at {@code offset} (a ranged read: the
     * snapshot repository reads single blobs out of large packs). Reading past the end yields
     * fewer bytes, an offset at or past the end none; NOT_FOUND when absent; INVALID_ARGUMENT for a
     * negative offset or length. The caller closes it.
     */
    InputStream open(String key, long offset, long length);

    /** The committed object of {@code key}, or empty. */
    Optional<ObjectInfo> stat(String key);

    /**
     * Committed objects whose key starts with {@code prefix} (a plain string prefix, as object
     * stores have it; "" lists everything), in key order. The stream is lazy and must be closed.
     */
    Stream<ObjectInfo> list(String prefix);

    /** Removes {@code key}; true when it existed. Idempotent. */
    boolean delete(String key);

    /**
     * Writes a small object (a catalog, a marker) in one step, atomically replacing the old one.
     * Meant for kilobytes; archives go through {@link #create}.
     */
    ObjectInfo replace(String key, byte[] content);

    /** Where this storage points, as it was configured, e.g. {@code fs:/mnt/backup}. */
    String location();

    /** Bytes still free at the location, if the driver can tell. */
    OptionalLong freeSpace();

    /**
     * Deletes the temporaries of uploads that this node started and nobody will finish (the daemon
     * was killed, or crashed): those last written before {@code modifiedBefore} that belong to no
     * upload still open in this process. Temporaries known to be another node's (the storage may be
     * shared) are never touched, whatever their age; one whose writer cannot be told (written before
     * temporaries named it) only long after the cutoff; committed objects never. Returns how many
     * were deleted. Best
     * effort and idempotent: a failure leaves files for the next sweep and is not thrown. Drivers
     * without temporaries of their own (object stores abort multipart uploads themselves) return 0.
     */
    int sweepTemporaries(Instant modifiedBefore);
}
