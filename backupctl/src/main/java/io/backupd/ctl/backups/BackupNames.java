package io.backupd.ctl.backups;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.http.Fields;
import java.util.List;
import java.util.Map;

/**
 * What a request may name: backups (by the rules of {@link io.backupd.common.api.BackupName}, the
 * daemon's too), volumes, files inside a backup. Everything is checked before any daemon is asked,
 * so a name that could address another path (separators, {@code ..}, control characters) never
 * leaves the controller.
 *
 * <p>Backup archives are named {@code <app>-<procfullname>-<instanceNo>-<volume-key>-<unix>.tar.gz}
 * (or {@code .tar.zst}; incremental snapshots the same head, then {@code -snap-<id>}), so the name alone says whose backup it
 * is; the listing of the proc confirms it before anything is changed.
 */
final class BackupNames {
    /** Characters a volume or a file path inside a backup may have; backup names have their own, shorter limit. */
    private static final int MAX = 1024;

    private BackupNames() {
    }

    /** Whether {@code name} is a backup of {@code proc} (full name) of {@code app}, going by the name alone. */
    static boolean ownedBy(String name, String app, String proc) {
        String prefix = app + "-" + proc + "-";
        if (!name.startsWith(prefix)) {
            return false;
        }
        int dash = name.indexOf('-', prefix.length());
        return dash > prefix.length() && name.substring(prefix.length(), dash).chars().allMatch(Character::isDigit);
    }

    /** FORBIDDEN naming the names that are not {@code app}/{@code proc}'s. */
    static void requireOwned(List<String> names, String app, String proc) {
        List<String> foreign = names.stream().filter(n -> !ownedBy(n, app, proc)).toList();
        if (!foreign.isEmpty()) {
            throw new BackupException(ErrorCode.FORBIDDEN, "not a backup of " + app + "/" + proc + ": " + String.join(", ", foreign)
                    + "; nothing was done", Map.of("foreign", foreign), null);
        }
    }

    /** A volume as declared in lain.yaml: absolute, no empty, {@code .} or {@code ..} parts, no {@code \} or control characters. */
    static String checkVolume(String field, String volume) {
        if (volume == null || !volume.startsWith("/") || volume.length() > MAX || volume.contains("\\")
                || volume.chars().anyMatch(Character::isISOControl)) {
            throw BackupException.invalid(field + " '" + Fields.printable(volume) + "' must be an absolute path such as /var/lib/mysql");
        }
        String trimmed = volume.length() > 1 && volume.endsWith("/") ? volume.substring(0, volume.length() - 1) : volume;
        for (String part : trimmed.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw BackupException.invalid(field + " '" + volume + "' must not have empty, '.' or '..' parts");
            }
        }
        return trimmed;
    }

    /** Files inside an incremental backup: relative paths without {@code ..} parts, or {@code *} for all. */
    static List<String> checkFiles(List<String> files) {
        return checkFiles("file", files);
    }

    /** {@link #checkFiles(List)}, naming {@code field} (a listing's {@code prefix} or {@code after}) when one is refused. */
    static List<String> checkFiles(String field, List<String> files) {
        for (String file : files) {
            boolean bad = file.isBlank() || file.length() > MAX || file.startsWith("/") || file.contains("\\")
                    || file.chars().anyMatch(Character::isISOControl);
            for (String part : file.split("/", -1)) {
                bad |= part.equals("..");
            }
            if (bad) {
                throw new BackupException(ErrorCode.INVALID_ARGUMENT, field + " '" + Fields.printable(file) + "' must be a path inside"
                        + " the backup ('*' for all), relative, without '..' or control characters", Map.of("field", field), null);
            }
        }
        return List.copyOf(files);
    }
}
