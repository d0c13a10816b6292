package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held repository lock. Acquiring writes our lock object and then lists the others: two parties
 * that race both see each other's object after writing their own, so at worst both back off, never
 * both proceed. Stale locks are deleted first, and only then: those not refreshed within their
 * expiry, and at once those of this host whose process is gone (killed with -9, or the daemon
 * restarted); a lock of another host is only ever stale by expiry, as its process cannot be seen.
 *
 * <p>The holder calls {@link #refreshIfDue()} from its work loop and {@link #verify()} right before an
 * irreversible step (writing a snapshot or an index, deleting data): if our lock was broken as stale
 * meanwhile, another party may have acted on the repository, so we stop with CONFLICT. Release belongs
 * to the thread driving the operation; {@link #refreshIfDue()} and {@link #verify()} may be called
 * from any thread (a backup's reading threads refresh while they read a huge file).
 */
final class RepositoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLock.class);

    private final RepositoryStorage storage;
    private final RepositoryOptions options;
    private final String key;
    private volatile LockInfo info;
    private volatile boolean released;

    private RepositoryLock(RepositoryStorage storage, RepositoryOptions options, String key, LockInfo info) {
        this.storage = storage;
        this.options = options;
        this.key = key;
        this.info = info;
    }

    /** Takes a lock for {@code purpose}; CONFLICT naming the holder when a live conflicting lock exists. */
    static RepositoryLock acquire(RepositoryStorage storage, RepositoryOptions options, LockMode mode, String purpose) {
        Instant now = options.clock().instant();
        failOnConflict(liveLocks(storage, options, now, null), mode, null);
        String id = now.toEpochMilli() + "-" + RepositoryLayout.randomId().substring(0, 12);
        ProcessHandle me = ProcessHandle.current();
        LockInfo mine = new LockInfo(LockInfo.VERSION, id, mode.json, purpose, options.owner(), options.host(),
                me.pid(), me.info().startInstant().orElse(null), now, now, options.lockExpiry().toSeconds());
        String key = RepositoryLayout.lockKey(id);
        storage.put(key, Json.writeBytes(mine));
        try {
            failOnConflict(liveLocks(storage, options, now, key), mode, key);
        } catch (RuntimeException e) {
            storage.delete(key);
            throw e;
        }
        return new RepositoryLock(storage, options, key, mine);
    }

    /** Rewrites our lock when the refresh interval has passed; CONFLICT when it was broken meanwhile. */
    synchronized void refreshIfDue() {
        Instant now = options.clock().instant();
        if (Duration.between(info.refreshed(), now).compareTo(options.lockRefresh()) >= 0) {
            verify();
            info = info.refreshedAt(now);
            storage.put(key, Json.writeBytes(info));
        }
    }

    /** CONFLICT unless our lock is still in storage and not past its expiry. */
    void verify() {
        Instant now = options.clock().instant();
        if (storage.size(key).isEmpty()) {
            throw new BackupException(ErrorCode.CONFLICT, "our " + info.purpose() + " lock " + info.id()
                    + " was removed by someone else (it was taken for stale); stopping before changing the repository");
        }
        if (info.staleAt(now)) {
            throw new BackupException(ErrorCode.CONFLICT, "our " + info.purpose() + " lock " + info.id()
                    + " expired at " + info.expiresAt() + " before it was refreshed; stopping before changing the repository");
        }
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            storage.delete(key);
        }
    }

    /** Other locks that are not stale; stale ones are deleted on the way. Unreadable ones count as live. */
    private static Map<String, LockInfo> liveLocks(RepositoryStorage storage, RepositoryOptions options, Instant now,
                                                   String ownKey) {
        Map<String, LockInfo> live = new LinkedHashMap<>();
        for (String k : storage.list(RepositoryLayout.LOCKS)) {
            if (k.equals(ownKey)) {
                continue;
            }
            LockInfo other = read(storage, k);
            if (other == null) {
                continue; // released since the listing
            }
            if (other.staleAt(now)) {
                LOG.warn("breaking stale repository lock {}: {}", k, other.describe());
                storage.delete(k);
                continue;
            }
            if (other.holderGone(options.host())) {
                LOG.warn("breaking repository lock {} of a process that is gone: {}", k, other.describe());
                storage.delete(k);
                continue;
            }
            live.put(k, other);
        }
        return live;
    }

    private static void failOnConflict(Map<String, LockInfo> others, LockMode mode, String ownKey) {
        for (Map.Entry<String, LockInfo> e : others.entrySet()) {
            LockInfo other = e.getValue();
            if (mode.conflictsWith(other.lockMode())) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("lock", e.getKey());
                details.put("purpose", other.purpose());
                details.put("owner", other.owner());
                details.put("host", other.host());
                details.put("pid", other.pid());
                details.put("refreshed", String.valueOf(other.refreshed()));
                details.put("stale_after", String.valueOf(other.expiresAt()));
                throw new BackupException(ErrorCode.CONFLICT, "the repository is locked by " + other.describe(),
                        details, null);
            }
        }
    }

    /** The lock at {@code key}, null when it is gone; an unreadable lock object is kept as a live exclusive one. */
    private static LockInfo read(RepositoryStorage storage, String key) {
        byte[] data;
        try (InputStream in = storage.open(key)) {
            data = in.readAllBytes();
        } catch (BackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read lock " + key + ": " + e, e);
        }
        try {
            LockInfo info = Json.read(data, LockInfo.class, "lock " + key);
            if (info.refreshed() == null || info.mode() == null) {
                throw BackupException.invalid("lock " + key + " lacks a mode or a refresh time");
            }
            return info;
        } catch (BackupException e) {
            // never taken for stale: we cannot tell its age, so an operator has to delete it
            return new LockInfo(LockInfo.VERSION, key, LockMode.EXCLUSIVE.json, "unreadable lock object", "?", "?", 0,
                    null, Instant.MAX, Instant.MAX.minusSeconds(1), 0);
        }
    }
}
