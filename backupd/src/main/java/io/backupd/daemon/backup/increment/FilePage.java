package io.backupd.daemon.backup.increment;

import java.util.List;

/** A page of a file listing; pass {@code next} as {@code after} for the following page, null at the end. */
public record FilePage(List<FileInfo> entries, String next) {
}
