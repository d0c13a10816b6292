package io.backupd.common.api;

import java.time.Instant;

/** A job as the scheduler sees it: when it last fired and when it fires next (null when it will not). */
public record Entry(Instant prev, Instant next, Job job) {
}
