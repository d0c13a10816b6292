package io.backupd.common.api;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The volume of one instance of a proc that a job names, as its args carry it
 * ({@link JobArgs#APP}, {@link JobArgs#PROC}, {@link JobArgs#INSTANCE_NO}, {@link JobArgs#VOLUME}).
 * Only presence and the instance number's shape are checked here; whether the names are safe as
 * path segments on a node is the daemon's question, which knows where volumes live.
 *
 * @param proc   the proc's full name, {@code app.type.name}
 * @param volume the volume's absolute path inside the container, e.g. {@code /var/lib/mysql}
 */
public record JobTarget(String app, String proc, int instanceNo, String volume) {
    /** Up to six digits: an instance number, never a sign, a space or an exponent. */
    public static final Pattern INSTANCE_NO = Pattern.compile("[0-9]{1,6}");

    /** The target in {@code args}; INVALID_ARGUMENT naming the first missing key or a bad instance number. */
    public static JobTarget parse(Map<String, String> args) {
        String app = required(args, JobArgs.APP);
        String proc = required(args, JobArgs.PROC);
        String instance = required(args, JobArgs.INSTANCE_NO);
        if (!INSTANCE_NO.matcher(instance).matches()) {
            String shown = instance.replaceAll("\\p{Cntrl}", "?");
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "arg '" + JobArgs.INSTANCE_NO + "' is '" + shown
                    + "'; expected a non-negative instance number", Map.of("arg", JobArgs.INSTANCE_NO), null);
        }
        return new JobTarget(app, proc, Integer.parseInt(instance), required(args, JobArgs.VOLUME));
    }

    /** Writes the four keys into {@code args}, the instance number as decimal text. */
    public void putInto(Map<String, String> args) {
        args.put(JobArgs.APP, app);
        args.put(JobArgs.PROC, proc);
        args.put(JobArgs.INSTANCE_NO, Integer.toString(instanceNo));
        args.put(JobArgs.VOLUME, volume);
    }

    private static String required(Map<String, String> args, String key) {
        String value = args.get(key);
        if (value == null || value.isBlank()) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "arg '" + key + "' is missing", Map.of("arg", key), null);
        }
        return value;
    }
}
