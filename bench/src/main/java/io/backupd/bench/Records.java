package io.backupd.bench;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Job records shaped like a daemon's reports of backup runs: a full job's args and a result. */
final class Records {
    private Records() {
    }

    static String app(int n) {
        return String.format("app%03d", n);
    }

    static JobRecord running(String rid, String app, int instance, Instant start) {
        Map<String, String> args = new TreeMap<>();
        args.put("app", app);
        args.put("proc", app + ".web.web");
        args.put("instanceNo", Integer.toString(instance));
        args.put("volume", "/var/lib/mysql");
        args.put("mode", "full");
        args.put("preRun", "backup.sh");
        args.put("postRun", "end.sh");
        args.put("containers", "4f2c0a9d8e7b6a5c4f2c0a9d8e7b6a5c4f2c0a9d8e7b6a5c4f2c0a9d8e7b6a5c");
        args.put("expire", "30d");
        String node = "10.1.0." + (1 + instance % 200);
        Job job = Job.of(JobIds.of(node, "0 23 * * *", "backup", args), "0 23 * * *", "backup", args, JobType.CRON);
        return JobRecord.started(rid, job, node, start);
    }

    static JobRecord success(JobRecord running) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("key", running.app() + "/" + running.app() + ".web.web/1/var-lib-mysql/full/"
                + running.app() + "-web-1-var-lib-mysql-" + running.start().getEpochSecond() + ".tar.gz");
        result.put("size", 123_456_789L);
        result.put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        result.put("files", 20_000);
        return running.succeeded(running.start().plusSeconds(42), result);
    }
}
