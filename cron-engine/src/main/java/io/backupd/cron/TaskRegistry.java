package io.backupd.cron;

import io.backupd.common.error.BackupException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tasks a daemon can run, by action name, listed once in the composition root. Not
 * thread-safe while being filled; read-only afterwards.
 */
public final class TaskRegistry {
    private final Map<String, Task> tasks = new LinkedHashMap<>();

    /** Adds {@code task} under {@code action}; a second registration of the same name is a bug. */
    public TaskRegistry register(String action, Task task) {
        if (tasks.putIfAbsent(action, task) != null) {
            throw new IllegalStateException("task '" + action + "' is registered twice");
        }
        return this;
    }

    /** The task for {@code action}; INVALID_ARGUMENT when none is registered. */
    public Task lookup(String action) {
        Task task = tasks.get(action);
        if (task == null) {
            throw BackupException.invalid("unknown action '" + action + "'; this daemon runs " + tasks.keySet());
        }
        return task;
    }

    public boolean has(String action) {
        return tasks.containsKey(action);
    }

    public Set<String> actions() {
        return Collections.unmodifiableSet(tasks.keySet());
    }
}
