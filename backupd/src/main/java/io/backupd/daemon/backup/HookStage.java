package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.daemon.hooks.HookCall;
import io.backupd.daemon.hooks.HookResult;
import io.backupd.daemon.hooks.HookRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one hook in each container of an instance, in order, stopping at the first failure (the
 * app told us it is not ready; going on would only repeat that). A blank command is skipped. A
 * container the runner refuses (not the instance's own) stops the stage with the runner's reason,
 * naming the hook.
 */
final class HookStage {
    private final HookRunner runner;
    private final Duration timeout;

    HookStage(HookRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    HookReport run(String hook, String command, List<String> containers, Path volumeDir) {
        if (command == null || command.isBlank()) {
            return HookReport.skipped(hook);
        }
        List<HookReport.Run> runs = new ArrayList<>();
        for (String container : containers(containers)) {
            HookResult result;
            try {
                result = runner.run(new HookCall(container, volumeDir, command, timeout));
            } catch (BackupException e) {
                throw new BackupException(e.code(), hook + " '" + command + "' was not run: " + e.getMessage(), e.details(), e);
            }
            runs.add(new HookReport.Run(container, result));
            if (!result.succeeded()) {
                break;
            }
        }
        return new HookReport(hook, command, List.copyOf(runs));
    }

    /** No ids means one run without a container (the local runner). */
    private static List<String> containers(List<String> ids) {
        return ids.isEmpty() ? List.of("") : ids;
    }
}
