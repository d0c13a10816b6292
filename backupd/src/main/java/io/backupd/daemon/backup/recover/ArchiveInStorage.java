package io.backupd.daemon.backup.recover;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.cron.TaskContext;
import io.backupd.daemon.backup.restore.ArchiveSource;
import io.backupd.daemon.storage.Storage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;

/**
 * A backup's archive in storage as the restorer reads it, once to verify its digest and once to
 * extract it: each pass advances the run's progress by the bytes read (so {@code /debug} shows a
 * restore at {@code bytesDone / bytesTotal}, the total being twice the archive's size), and stops
 * with a CancellationException when the run is cancelled (the daemon is stopping), which the
 * restorer treats as a failure before the swap: the volume keeps its old content.
 */
final class ArchiveInStorage implements ArchiveSource {
    private final Storage storage;
    private final String key;
    private final TaskContext run;

    ArchiveInStorage(Storage storage, String key, long size, TaskContext run) {
        this.storage = storage;
        this.key = key;
        this.run = run;
        run.progress().total(2 * size, -1);
    }

    @Override
    public InputStream open() throws IOException {
        InputStream in;
        try {
            in = storage.open(key);
        } catch (BackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                // the catalog lists it, so this is storage losing a file, not an unknown backup
                throw new IOException("archive " + key + " is listed in its catalog but missing from storage", e);
            }
            throw e;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (run.cancelled()) {
                    throw new CancellationException("the restore was cancelled (the daemon is stopping) before its swap;"
                            + " the volume keeps its old content");
                }
                int n = super.read(b, off, len);
                if (n > 0) {
                    run.progress().advance(n, 0);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                run.progress().advance(skipped, 0);
                return skipped;
            }
        };
    }
}
