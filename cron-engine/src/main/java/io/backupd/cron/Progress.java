package io.backupd.cron;

import io.backupd.common.api.RunProgress;
import java.util.concurrent.atomic.AtomicLong;

/** Bytes and files done and in total; written by the task, read by debug output. Thread-safe. */
public final class Progress {
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong(-1);
    private final AtomicLong filesTotal = new AtomicLong(-1);

    public void total(long bytes, long files) {
        bytesTotal.set(bytes);
        filesTotal.set(files);
    }

    public void advance(long bytes, long files) {
        bytesDone.addAndGet(bytes);
        filesDone.addAndGet(files);
    }

    /** Totals are -1 while unknown. */
    public RunProgress snapshot() {
        return new RunProgress(bytesDone.get(), filesDone.get(), bytesTotal.get(), filesTotal.get());
    }
}
