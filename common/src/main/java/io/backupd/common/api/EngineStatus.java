package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * What a daemon's cron engine reports of itself; the top-level fields of its {@link DaemonStatus}.
 *
 * @param startedAt       when the engine started
 * @param version         the version of the job set it has; null before the first set
 * @param jobsUpdatedAt   when that set was applied
 * @param scheduling      false while scheduling is paused ({@code PUT /cron/stop})
 * @param jobs            jobs in the set
 * @param sleeping        of which asleep
 * @param workers         size of the worker pool
 * @param running         runs in progress
 * @param overlapsSkipped fires skipped because the job's previous run was still going
 * @param outboxDepth     records waiting to be delivered
 * @param notifyAddresses where records are delivered
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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

    public EngineStatus {
        running = running == null ? List.of() : List.copyOf(running);
        notifyAddresses = notifyAddresses == null ? List.of() : List.copyOf(notifyAddresses);
    }

    /**
     * One run in progress. A recover's or migrate's {@code progress.bytesTotal} is twice the
     * archive's size: the first half is the digest check, the second the extraction.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunningTask(String rid, String jobId, String action, Instant start, RunProgress progress) {
    }
}
