package io.backupd.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value} arguments of the bench mains. */
public final class Args {
    private Args() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            out.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return out;
    }

    public static int intOf(Map<String, String> opts, String key, int fallback) {
        return opts.containsKey(key) ? Integer.parseInt(opts.get(key).replace("_", "")) : fallback;
    }

    public static String of(Map<String, String> opts, String key, String fallback) {
        return opts.getOrDefault(key, fallback);
    }
}
