package io.backupd.ctl.backups;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Asks the nodes one after another until one answers: for questions any daemon can answer alike,
 * because every daemon reads the same shared storage. A node that cannot be reached (or answers
 * 5xx) is skipped; a 4xx answer (unknown backup, bad name) is the answer. NODE_UNREACHABLE when no
 * node answered.
 */
final class NodeAsker {
    private NodeAsker() {
    }

    static <T> T first(List<String> nodes, String what, Function<String, T> call) {
        List<String> unreachable = new ArrayList<>();
        for (String node : nodes) {
            try {
                return call.apply(node);
            } catch (BackupException e) {
                if (e.code().httpStatus() < 500) {
                    throw e;
                }
                unreachable.add(node);
            }
        }
        throw new BackupException(ErrorCode.NODE_UNREACHABLE, "no daemon answered " + what
                + (unreachable.isEmpty() ? " (the proc runs on no node)" : " (asked " + String.join(", ", unreachable) + ")"),
                Map.of("unreachable", unreachable), null);
    }
}
