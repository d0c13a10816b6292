package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupd.common.api.JobArgs;
import io.backupd.common.id.JobIds;
import io.backupd.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job set the bench puts on the daemon, as the controller would plan it: one {@code backup}
 * job per volume and mode, ids computed like the controller's ({@link JobIds}), a schedule that
 * does not come round during a bench (1 January, midnight) and scheduling stopped anyway; every run
 * is asked for with {@code POST /cron/jobs/:id/actions/run}.
 */
final class BenchJobs {
    static final String SPEC = "0 0 1 1 *";
    /** The job arg another change adds for the archive format; the bench only passes it. */
    static final String FORMAT = "format";

    final String fullGz;
    final String fullZst;
    final String busyZst;
    final String warmFull;
    final String warmInc;
    private final Map<Integer, String> inc = new TreeMap<>();
    private final Map<String, Map<String, String>> argsById = new LinkedHashMap<>();

    BenchJobs(int rounds) {
        fullGz = add(args(BenchLayout.FULL_PROC, BenchLayout.FULL_INSTANCE, "full", null));
        fullZst = add(args(BenchLayout.FULL_PROC, BenchLayout.FULL_INSTANCE, "full", "tar.zst"));
        busyZst = add(args(BenchLayout.FULL_PROC, BenchLayout.BUSY_INSTANCE, "full", "tar.zst"));
        warmFull = add(args(BenchLayout.WARM_PROC, 1, "full", null));
        warmInc = add(args(BenchLayout.WARM_PROC, 1, "increment", null));
        for (int r = 1; r <= rounds; r++) {
            inc.put(r, add(args(BenchLayout.INC_PROC, r, "increment", null)));
        }
        // the restore targets: a daemon only restores into volumes its job set declares; these never run
        add(args(BenchLayout.FULL_PROC, BenchLayout.FULL_RESTORE_INSTANCE, "full", null));
        add(args(BenchLayout.WARM_PROC, 2, "full", null));
        add(args(BenchLayout.WARM_PROC, 3, "increment", null));
        for (int r = 1; r <= rounds; r++) {
            add(args(BenchLayout.INC_PROC, BenchLayout.incRestoreInstance(r), "increment", null));
        }
    }

    String inc(int round) {
        return inc.get(round);
    }

    /** The {@code data} field of {@code PUT /cron/jobs}: a JSON array of jobs. */
    JsonNode asJson() {
        ArrayNode jobs = Json.mapper().createArrayNode();
        argsById.forEach((id, args) -> {
            ObjectNode job = jobs.addObject();
            job.put("id", id).put("spec", SPEC).put("action", "backup").put("type", "cron").put("sleep", false);
            ObjectNode a = job.putObject("args");
            args.forEach(a::put);
        });
        return jobs;
    }

    /** The message of {@code update.rejected} that names {@code jobId}, or null when it was accepted. */
    static String rejection(JsonNode update, String jobId) {
        for (JsonNode message : update.path("rejected")) {
            if (message.asText().contains(jobId)) {
                return message.asText();
            }
        }
        return null;
    }

    private String add(Map<String, String> args) {
        String id = JobIds.of(DaemonProcess.HOST, SPEC, "backup", args);
        argsById.put(id, args);
        return id;
    }

    private static Map<String, String> args(String proc, int instance, String mode, String format) {
        Map<String, String> args = new TreeMap<>();
        args.put(JobArgs.APP, BenchLayout.APP);
        args.put(JobArgs.PROC, proc);
        args.put(JobArgs.INSTANCE_NO, Integer.toString(instance));
        args.put(JobArgs.VOLUME, BenchLayout.VOLUME);
        args.put(JobArgs.MODE, mode);
        if (format != null) {
            args.put(FORMAT, format);
        }
        return args;
    }
}
