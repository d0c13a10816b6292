package io.backupd.daemon.backup;

/**
 * The volume of one instance of a proc, as a backup job names it, after validation by
 * {@link BackupLayout#target}: every field is safe to use as a path segment.
 *
 * @param app        the app, e.g. {@code hello}
 * @param proc       the proc's full name, {@code app.type.name}
 * @param instanceNo the instance number
 * @param volume     the volume's absolute path inside the container, e.g. {@code /var/lib/mysql}
 */
public record BackupTarget(String app, String proc, int instanceNo, String volume) {
}
