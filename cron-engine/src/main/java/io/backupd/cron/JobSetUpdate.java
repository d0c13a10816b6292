package io.backupd.cron;

import java.util.List;

/**
 * The outcome of replacing the job set.
 *
 * @param changed  false when the version equals the current one (nothing was touched)
 * @param accepted how many jobs are now scheduled
 * @param rejected one message per invalid job, naming the job id and why
 */
public record JobSetUpdate(String version, boolean changed, int accepted, List<String> rejected) {
}
