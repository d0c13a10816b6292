package io.backupd.common.api;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Map;

/**
 * The name of a full archive or an incremental snapshot, as requests name backups
 * ({@code <app>-<procfullname>-<instanceNo>-<volume-key>-<unix>.tar.gz}, or the same head then
 * {@code -snap-<id>}). One path segment in storage, so the controller and the daemon refuse the
 * same names by the same rules, before anything is looked up: empty or blank, longer than
 * {@link #MAX_LENGTH}, or holding {@code /}, {@code \}, {@code ..} or a control character, any of
 * which could name something outside the volume's folder. Whether such a backup exists is the
 * caller's question.
 */
public record BackupName(String value) {
    /**
     * Characters a name may have; the names the daemon makes stay far below it, and storage
     * segments (a file name on the fs driver) could not hold much more.
     */
    public static final int MAX_LENGTH = 512;

    /** @throws BackupException INVALID_ARGUMENT saying which rule the name breaks */
    public BackupName {
        if (value == null || value.isBlank()) {
            throw BackupException.invalid("backup name is empty");
        }
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        if (value.length() > MAX_LENGTH) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "backup name '" + shown.substring(0, 40) + "…' has "
                    + value.length() + " characters; at most " + MAX_LENGTH, Map.of("name", shown), null);
        }
        if (value.contains("/") || value.contains("\\") || value.contains("..") || !shown.equals(value)) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "backup name '" + shown + "' is not a backup name: one"
                    + " path segment without '/', '\\', '..' or control characters", Map.of("name", shown), null);
        }
    }

    /** {@code name} if it is a backup name; INVALID_ARGUMENT otherwise. */
    public static String check(String name) {
        return new BackupName(name).value();
    }

    @Override
    public String toString() {
        return value;
    }
}
