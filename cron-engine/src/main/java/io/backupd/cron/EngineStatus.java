package io.backupd.cron;

import java.time.Instant;
import java.util.List;

/** What {@code /debug} shows of the engine. */
public record EngineStatus(
        Instant startedAt,
        String version,
        Instant jobsUpdatedAt,
        boolean scheduling,
        int jobs,
        int sleeping,
        int workers,
        List<RunningTask> running,
        long overlapsSkipped,
        long outboxDepth,
        List<String> notifyAddresses) {

    public record RunningTask(String rid, String jobId, String action, Instant start, Progress.Snapshot progress) {
    }
}
