package io.backupd.common.spec;

import io.backupd.common.error.BackupException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules every backup spec must meet, whether it came from lain.yaml or from an etcd annotation.
 * A broken rule is INVALID_ARGUMENT whose message and details name the app, proc, volume and field.
 */
public final class SpecValidator {
    /** App, type and proc names become path components and dotted full names: no dots, no slashes. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern VOLUME = Pattern.compile("(/[A-Za-z0-9._@+-]+)+");

    private SpecValidator() {
    }

    public static void checkName(String what, String name, String app, String proc) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw error(app, proc, null, what, what + " '" + name + "' must be letters, digits, '-' or '_' (at most 63)");
        }
    }

    /**
     * Checks a spec and returns it; {@code app} and {@code proc} only name the place in errors. A
     * schedule that never fires or whose fires can come closer than {@code minInterval} is refused.
     */
    public static BackupSpec check(BackupSpec spec, String app, String proc, Duration minInterval) {
        String field = spec.mode() == null ? "mode" : "backup_" + spec.mode().wireName();
        checkVolume(spec.volume(), app, proc);
        try {
            Schedule.parse(spec.schedule()).requireInterval(minInterval);
        } catch (BackupException e) {
            throw error(app, proc, spec.volume(), field + ".schedule", e.getMessage());
        }
        if (!spec.expire().isEmpty()) {
            try {
                ExpirePeriod.parse(spec.expire());
            } catch (BackupException e) {
                throw error(app, proc, spec.volume(), field + ".expire", e.getMessage());
            }
        }
        if (spec.mode() == null) {
            throw error(app, proc, spec.volume(), "mode", "mode is missing; expected 'full' or 'increment'");
        }
        if (spec.mode() == BackupMode.INCREMENT && spec.format() != null) {
            throw formatOfIncrement(app, proc, spec.volume());
        }
        if (spec.procname() == null || !spec.procname().startsWith(app + ".")) {
            throw error(app, proc, spec.volume(), "procname", "procname '" + spec.procname() + "' does not belong to app " + app);
        }
        return spec;
    }

    /** The error for a {@code format} on an incremental backup, which is a snapshot repository, not an archive. */
    public static BackupException formatOfIncrement(String app, String proc, String volume) {
        return error(app, proc, volume, "backup_increment.format", "format applies to backup_full only: incremental"
                + " backups are deduplicated snapshots, not archives; move it under backup_full or remove it");
    }

    /** The format a full backup names, {@code field} being where it was written; INVALID_ARGUMENT naming the known ones. */
    public static FullFormat checkFormat(String format, String app, String proc, String volume, String field) {
        try {
            return FullFormat.parse(format);
        } catch (BackupException e) {
            throw error(app, proc, volume, field, e.getMessage());
        }
    }

    public static void checkVolume(String volume, String app, String proc) {
        if (volume == null || !VOLUME.matcher(volume).matches()) {
            throw error(app, proc, volume, "volume", "volume '" + volume + "' must be an absolute path like /var/lib/mysql");
        }
        for (String part : volume.substring(1).split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw error(app, proc, volume, "volume", "volume '" + volume + "' must not contain '.' or '..'");
            }
        }
    }

    public static BackupException error(String app, String proc, String volume, String field, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("app", app);
        if (proc != null) {
            details.put("proc", proc);
        }
        if (volume != null) {
            details.put("volume", volume);
        }
        details.put("field", field);
        String where = "app " + app + (proc == null ? "" : ", proc " + proc) + (volume == null ? "" : ", volume " + volume)
                + ", field " + field;
        return new BackupException(io.backupd.common.error.ErrorCode.INVALID_ARGUMENT, where + ": " + reason, details, null);
    }
}
