package io.backupd.cron;

import java.util.Map;

/** A failed run that still has something to report, e.g. the output tail of a failing hook. */
public class TaskFailure extends RuntimeException {
    private final Map<String, Object> result;

    public TaskFailure(String reason, Map<String, Object> result, Throwable cause) {
        super(reason, cause);
        this.result = result == null ? Map.of() : Map.copyOf(result);
    }

    public Map<String, Object> result() {
        return result;
    }
}
