package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * One whole pack in a buffer reused from pack to pack (check and prune read packs whole; packs are
 * bounded, and reusing the buffer spares the heap a large allocation per pack). Not thread-safe.
 */
final class PackBuffer {
    private byte[] buf = new byte[1 << 20];
    private int length;

    /** Reads the pack {@code packId}; NOT_FOUND when it is gone. */
    void load(RepositoryStorage storage, String packId) {
        length = 0;
        try (InputStream in = storage.open(RepositoryLayout.packKey(packId))) {
            while (true) {
                if (length == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, length, buf.length - length);
                if (n < 0) {
                    return;
                }
                length += n;
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read pack " + packId + ": " + e, e);
        }
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return length;
    }
}
