package io.backupd.daemon.backup.snapshot;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One volume's snapshot repository inside the daemon's {@link Storage}: repository key {@code k} is
 * storage key {@code <prefix>k}. Atomicity, key checks and error codes are the storage's own (its
 * uploads are invisible until committed), so the {@link RepositoryStorage} contract holds as long as
 * the driver passes {@code StorageContractTest}. Thread-safe because the storage is.
 */
final class StorageRepositoryStorage implements RepositoryStorage {
    private static final int BUFFER = 1 << 16;

    private final Storage storage;
    private final String prefix;

    /** {@code prefix} ends with {@code /}, e.g. {@code hello/hello.web.web/1/data/increment/}. */
    StorageRepositoryStorage(Storage storage, String prefix) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("repository prefix must end with '/': " + prefix);
        }
        this.storage = storage;
        this.prefix = prefix;
    }

    @Override
    public void put(String key, InputStream data, long size) {
        try (Upload upload = storage.create(prefix + key)) {
            copyExactly(data, upload.stream(), size, key);
            upload.commit(); // an upload closed without commit is dropped: a short or long stream stores nothing
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot store " + prefix + key + ": " + e, e);
        }
    }

    @Override
    public InputStream open(String key) {
        return storage.open(prefix + key);
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        return storage.open(prefix + key, offset, length);
    }

    @Override
    public Optional<Long> size(String key) {
        return storage.stat(prefix + key).map(ObjectInfo::size);
    }

    @Override
    public List<String> list(String keyPrefix) {
        try (Stream<ObjectInfo> objects = storage.list(prefix + keyPrefix)) {
            return objects.map(o -> o.key().substring(prefix.length())).sorted().toList();
        }
    }

    @Override
    public boolean delete(String key) {
        return storage.delete(prefix + key);
    }

    private static void copyExactly(InputStream in, OutputStream out, long size, String key) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("stream of " + key + " ended " + left + " bytes before its declared size " + size);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("stream of " + key + " is longer than its declared size " + size);
        }
    }
}
