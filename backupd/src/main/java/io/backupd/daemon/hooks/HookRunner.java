package io.backupd.daemon.hooks;

/**
 * Runs a {@code pre_run} / {@code post_run} command for one instance of a proc. Implementations
 * differ in where the command runs (inside the container, or on this host for standalone).
 *
 * <p>Contract: a command that starts and exits, with any code, or that is killed on its timeout,
 * is a normal {@link HookResult}; only a command that cannot be started at all, or that the
 * runner refuses to start (a container that is not the instance's own), throws a
 * {@code BackupException} and then nothing was run. On timeout the whole process tree the runner started is killed.
 * Thread-safe: backups of different volumes run hooks concurrently.
 */
public interface HookRunner {

    HookResult run(HookCall call);

    /** The name the runner is registered under, shown on {@code /debug}. */
    String name();
}
