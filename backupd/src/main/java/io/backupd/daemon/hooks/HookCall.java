package io.backupd.daemon.hooks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One hook to run.
 *
 * @param container the container id to run in; empty when the runner does not use containers
 * @param volumeDir the volume's directory on this host (the local runner's working directory)
 * @param command   a shell command line, run with {@code sh -c}
 * @param timeout   after this the command's process tree is killed
 */
public record HookCall(String container, Path volumeDir, String command, Duration timeout) {
}
