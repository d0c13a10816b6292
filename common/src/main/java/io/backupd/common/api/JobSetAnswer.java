package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A daemon's answer to {@code PUT /api/v1/cron/jobs}: the outcome of replacing its job set.
 *
 * @param version  the version the daemon now has
 * @param changed  false when the version equals the one it had (nothing was touched)
 * @param accepted how many jobs are now scheduled
 * @param rejected one message per job left out, naming the job id and why
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobSetAnswer(String version, boolean changed, int accepted, List<String> rejected) {
    public JobSetAnswer {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }
}
