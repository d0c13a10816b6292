package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One scheduled unit of work on one node: run {@code action} with {@code args} on the cron
 * {@code spec}. Args are kept sorted by key, the order the job id is computed in. They are
 * strings on the wire and here; typed values of the original Lain controller's jobs (a number, a
 * list of ids) are read into the same strings ({@link JobArgValue}). A job's id is the one its
 * controller gave it, never recomputed: ids of jobs this project plans are {@code JobIds} of the
 * string args, those of a Lain controller's jobs are that controller's own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(String id, String spec, String action,
                  @JsonDeserialize(contentUsing = JobArgValue.class) SortedMap<String, String> args,
                  JobType type, boolean sleep) {

    public Job {
        args = args == null ? new TreeMap<>() : new TreeMap<>(args);
        type = type == null ? JobType.CRON : type;
    }

    public static Job of(String id, String spec, String action, Map<String, String> args, JobType type) {
        return new Job(id, spec, action, new TreeMap<>(args), type, false);
    }

    public String arg(String key) {
        return args.get(key);
    }

    public Job withSleep(boolean sleeping) {
        return new Job(id, spec, action, args, type, sleeping);
    }
}
