package io.backupd.daemon.storage.memory;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageKeys;
import io.backupd.daemon.storage.Upload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A fake for tests: objects live in a map, an upload is buffered until commit. Obeys the whole
 * {@link Storage} contract (it passes the same contract suite as the real drivers), so tests of
 * tasks can run against it without a disk. Thread-safe.
 */
public final class InMemoryStorage implements Storage {
    private record Blob(byte[] bytes, Instant modified) {
    }

    private final ConcurrentSkipListMap<String, Blob> objects = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public InMemoryStorage() {
        this(Clock.systemUTC());
    }

    public InMemoryStorage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Upload create(String key) {
        StorageKeys.check(key);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new Upload() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return buffer;
            }

            @Override
            public ObjectInfo commit() {
                if (done) {
                    throw new IllegalStateException("upload of " + key + " is already finished");
                }
                done = true;
                Blob blob = new Blob(buffer.toByteArray(), clock.instant());
                objects.put(key, blob);
                return info(key, blob);
            }

            @Override
            public void close() {
                done = true;
            }
        };
    }

    @Override
    public InputStream open(String key) {
        Blob blob = objects.get(StorageKeys.check(key));
        if (blob == null) {
            throw BackupException.notFound("no object '" + key + "' in " + location());
        }
        return new ByteArrayInputStream(blob.bytes());
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        StorageKeys.checkRange(offset, length);
        Blob blob = objects.get(StorageKeys.check(key));
        if (blob == null) {
            throw BackupException.notFound("no object '" + key + "' in " + location());
        }
        int from = (int) Math.min(offset, blob.bytes().length);
        int count = (int) Math.min(length, blob.bytes().length - from);
        return new ByteArrayInputStream(blob.bytes(), from, count);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Blob blob = objects.get(StorageKeys.check(key));
        return blob == null ? Optional.empty() : Optional.of(info(key, blob));
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        String checked = StorageKeys.checkPrefix(prefix);
        List<ObjectInfo> found = objects.tailMap(checked).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(checked))
                .map(e -> info(e.getKey(), e.getValue()))
                .toList();
        return found.stream();
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(StorageKeys.check(key)) != null;
    }

    @Override
    public ObjectInfo replace(String key, byte[] content) {
        Blob blob = new Blob(content.clone(), clock.instant());
        objects.put(StorageKeys.check(key), blob);
        return info(key, blob);
    }

    @Override
    public String location() {
        return "memory:";
    }

    @Override
    public OptionalLong freeSpace() {
        return OptionalLong.of(Runtime.getRuntime().maxMemory() - Runtime.getRuntime().totalMemory());
    }

    /** Uploads in progress live only in their {@link Upload}: nothing is ever left behind to sweep. */
    @Override
    public int sweepTemporaries(Instant modifiedBefore) {
        return 0;
    }

    private static ObjectInfo info(String key, Blob blob) {
        return new ObjectInfo(key, blob.bytes().length, blob.modified());
    }
}
