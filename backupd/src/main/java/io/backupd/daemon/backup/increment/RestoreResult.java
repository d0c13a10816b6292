package io.backupd.daemon.backup.increment;

import java.time.Duration;

/** What a restore wrote: entries by kind and the bytes of file content. */
public record RestoreResult(String snapshot, long files, long dirs, long symlinks, long bytes, Duration elapsed) {
}
