package io.backupd.daemon.hooks;

import io.backupd.common.error.BackupException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hook runners by name ({@code docker}, {@code local}), listed once in the composition root. */
public final class HookRunnerRegistry {
    private final Map<String, HookRunner> runners = new LinkedHashMap<>();

    /** Adds {@code runner} under its name; a duplicate name is a bug. */
    public HookRunnerRegistry register(HookRunner runner) {
        if (runners.putIfAbsent(runner.name(), runner) != null) {
            throw new IllegalStateException("hook runner '" + runner.name() + "' is registered twice");
        }
        return this;
    }

    /** INVALID_ARGUMENT for a name nobody registered. */
    public HookRunner lookup(String name) {
        HookRunner runner = runners.get(name);
        if (runner == null) {
            throw BackupException.invalid("unknown hook runner '" + name + "'; known: " + runners.keySet());
        }
        return runner;
    }
}
