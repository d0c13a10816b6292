package io.backupd.daemon;

import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.cron.CronEngine;
import io.backupd.daemon.backup.expire.JobSetView;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's job set for the expire task. The engine is built from the tasks, so it is
 * attached after both exist; the engine only runs tasks once started, which is after that.
 */
final class EngineJobs implements JobSetView {
    private final AtomicReference<CronEngine> engine = new AtomicReference<>();

    void attach(CronEngine cronEngine) {
        if (!engine.compareAndSet(null, cronEngine)) {
            throw new IllegalStateException("the job set view is attached already");
        }
    }

    @Override
    public List<Job> jobs() {
        CronEngine attached = engine.get();
        if (attached == null) {
            throw new IllegalStateException("the job set view was used before the engine was attached");
        }
        return attached.entries().stream().map(Entry::job).toList();
    }
}
