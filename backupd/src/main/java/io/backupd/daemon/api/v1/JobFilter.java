package io.backupd.daemon.api.v1;

import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The query filters of {@code GET /cron/jobs}: {@code id}, {@code type}, {@code action} and
 * {@code args_<key>=<value>}; all given filters must match. Other query parameters are ignored.
 */
record JobFilter(Map<String, String> fields, Map<String, String> args) implements Predicate<Entry> {
    private static final String ARG_PREFIX = "args_";

    static JobFilter from(Map<String, List<String>> query) {
        Map<String, String> fields = new java.util.HashMap<>();
        Map<String, String> args = new java.util.HashMap<>();
        query.forEach((name, values) -> {
            if (values.isEmpty()) {
                return;
            }
            String value = values.get(0);
            if (name.startsWith(ARG_PREFIX) && name.length() > ARG_PREFIX.length()) {
                args.put(name.substring(ARG_PREFIX.length()), value);
            } else if (name.equals("id") || name.equals("type") || name.equals("action")) {
                fields.put(name, value);
            }
        });
        return new JobFilter(Map.copyOf(fields), Map.copyOf(args));
    }

    @Override
    public boolean test(Entry entry) {
        Job job = entry.job();
        return matches("id", job.id()) && matches("type", job.type().wireName()) && matches("action", job.action())
                && args.entrySet().stream().allMatch(a -> a.getValue().equals(job.arg(a.getKey())));
    }

    private boolean matches(String field, String value) {
        String wanted = fields.get(field);
        return wanted == null || wanted.equals(value);
    }
}
