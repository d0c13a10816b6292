package io.backupd.daemon.backup.increment;

import java.util.List;

/** Snapshots a forget removed and those it kept. Removed data is only freed by a later prune. */
public record ForgetResult(List<String> removed, List<String> kept) {
}
