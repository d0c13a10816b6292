package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A daemon's 202 answer to a request that queued a run (a job run now, a restore, a check): the
 * record id under which the run reports.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunAnswer(String rid) {
}
