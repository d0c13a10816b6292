package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One backup or restore per volume at a time on this node. A second claim fails at once with
 * VOLUME_BUSY naming the run that holds the volume; nobody waits, so a stuck run cannot pile up
 * workers behind it. Shared by every task that touches volumes. Thread-safe.
 */
public final class VolumeLocks {
    private final ConcurrentHashMap<Path, String> holders = new ConcurrentHashMap<>();

    /** A claimed volume; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Claims {@code volumeDir} for {@code holder} (a record id); VOLUME_BUSY when it is claimed already. */
    public Held acquire(Path volumeDir, String holder) {
        Path key = volumeDir.toAbsolutePath().normalize();
        String current = holders.putIfAbsent(key, holder);
        if (current != null) {
            throw new BackupException(ErrorCode.VOLUME_BUSY, "volume " + key + " is busy with run " + current,
                    Map.of("rid", current), null);
        }
        return () -> holders.remove(key, holder);
    }

    /** The run holding {@code volumeDir} now, if any: lets a request answer VOLUME_BUSY before it queues a run. */
    public Optional<String> holder(Path volumeDir) {
        return Optional.ofNullable(holders.get(volumeDir.toAbsolutePath().normalize()));
    }

    /** The runs holding volumes now, for {@code /debug}. */
    public Map<Path, String> held() {
        return Map.copyOf(holders);
    }
}
