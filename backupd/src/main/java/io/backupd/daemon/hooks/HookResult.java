package io.backupd.daemon.hooks;

import java.time.Duration;

/**
 * How a hook ended: its exit code ({@code -1} when it was killed on timeout), the last few KiB of
 * its merged stdout and stderr, and how long it took.
 */
public record HookResult(int exitCode, boolean timedOut, String outputTail, Duration took) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
