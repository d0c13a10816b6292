package io.backupd.ctl.dispatch;

import io.backupd.common.api.Job;
import io.backupd.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * One node's planned jobs and their version: a short hash of the canonical job list (sorted by
 * id, sleep cleared, since sleep is the daemon's live state, not part of the plan). Equal plans
 * have equal versions however they were produced, so the version alone says whether a daemon's
 * job set is current.
 */
public record JobSet(List<Job> jobs, String version) {
    private static final int VERSION_HEX = 16;

    public JobSet {
        jobs = List.copyOf(jobs);
    }

    public static JobSet of(List<Job> jobs) {
        List<Job> canonical = jobs.stream().map(job -> job.withSleep(false)).sorted(Comparator.comparing(Job::id)).toList();
        return new JobSet(jobs, version(canonical));
    }

    private static String version(List<Job> canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, VERSION_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
