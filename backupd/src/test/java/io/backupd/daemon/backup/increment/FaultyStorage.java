package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes calls through to a real storage until the n-th call of one kind on keys with a given prefix;
 * that call fails, and from then on every call fails, as if the process had been killed there.
 */
final class FaultyStorage implements RepositoryStorage {
    enum Op { PUT, DELETE }

    private final RepositoryStorage delegate;
    private final Op op;
    private final String prefix;
    private final int nth;
    private final AtomicInteger seen = new AtomicInteger();
    private volatile boolean dead;

    FaultyStorage(RepositoryStorage delegate, Op op, String prefix, int nth) {
        this.delegate = delegate;
        this.op = op;
        this.prefix = prefix;
        this.nth = nth;
    }

    boolean crashed() {
        return dead;
    }

    /** Calls of the watched kind seen so far. */
    int seen() {
        return seen.get();
    }

    private void before(Op kind, String key) {
        if (dead) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "process is dead");
        }
        if (kind == op && key.startsWith(prefix) && seen.incrementAndGet() == nth) {
            dead = true;
            throw new BackupException(ErrorCode.STORAGE_FAILED, "injected crash at " + kind + " " + key);
        }
    }

    private void alive() {
        if (dead) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "process is dead");
        }
    }

    @Override
    public void put(String key, InputStream data, long size) {
        before(Op.PUT, key);
        delegate.put(key, data, size);
    }

    @Override
    public InputStream open(String key) {
        alive();
        return delegate.open(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        alive();
        return delegate.open(key, offset, length);
    }

    @Override
    public Optional<Long> size(String key) {
        alive();
        return delegate.size(key);
    }

    @Override
    public List<String> list(String prefix) {
        alive();
        return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) {
        before(Op.DELETE, key);
        return delegate.delete(key);
    }
}
