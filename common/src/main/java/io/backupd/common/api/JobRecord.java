package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * One run of a job: the job's fields, flattened as the original API had them, plus the run's
 * record id, state, times, and outcome. {@code node} is the ip of the daemon that ran it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRecord(
        String rid,
        String id,
        String spec,
        String action,
        SortedMap<String, String> args,
        JobType type,
        boolean sleep,
        String node,
        JobState state,
        Instant start,
        Instant end,
        String reason,
        Map<String, Object> result) {

    public JobRecord {
        args = args == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(args);
        result = result == null ? Map.of() : result;
    }

    public static JobRecord started(String rid, Job job, String node, Instant start) {
        return new JobRecord(rid, job.id(), job.spec(), job.action(), job.args(), job.type(), job.sleep(), node,
                JobState.RUNNING, start, null, null, null);
    }

    public JobRecord succeeded(Instant end, Map<String, Object> outcome) {
        return new JobRecord(rid, id, spec, action, args, type, sleep, node, JobState.SUCCESS, start, end, "", outcome);
    }

    public JobRecord failed(Instant end, String why, Map<String, Object> outcome) {
        return new JobRecord(rid, id, spec, action, args, type, sleep, node, JobState.FAILED, start, end, why, outcome);
    }

    /** The app the run belongs to, from the job's args; null for node-wide jobs such as expire. */
    @JsonIgnore
    public String app() {
        return args.get(JobArgs.APP);
    }

    public Job job() {
        return new Job(id, spec, action, args, type, sleep);
    }
}
