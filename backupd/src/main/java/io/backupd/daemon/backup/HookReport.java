package io.backupd.daemon.backup;

import io.backupd.daemon.hooks.HookResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one hook ({@code pre_run} or {@code post_run}) went across the instance's containers.
 * Empty {@code runs} means the hook was not configured and was skipped.
 */
record HookReport(String hook, String command, List<Run> runs) {

    record Run(String container, HookResult result) {
    }

    static HookReport skipped(String hook) {
        return new HookReport(hook, "", List.of());
    }

    boolean ran() {
        return !runs.isEmpty();
    }

    boolean failed() {
        return runs.stream().anyMatch(r -> !r.result().succeeded());
    }

    /** Why the hook failed, naming the command, container and exit code; only when {@link #failed()}. */
    String failure() {
        Run bad = runs.stream().filter(r -> !r.result().succeeded()).findFirst().orElseThrow();
        String where = bad.container().isEmpty() ? "" : " in container " + bad.container();
        String how = bad.result().timedOut()
                ? "timed out after " + bad.result().took().toSeconds() + "s and was killed"
                : "exited with code " + bad.result().exitCode();
        return hook + " '" + command + "'" + where + " " + how;
    }

    /** The hook as the record's result shows it: per container the exit code and output tail. */
    List<Map<String, Object>> toResult() {
        return runs.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("container", r.container());
            m.put("exitCode", r.result().exitCode());
            m.put("timedOut", r.result().timedOut());
            m.put("durationMs", r.result().took().toMillis());
            m.put("output", r.result().outputTail());
            return m;
        }).toList();
    }
}
