package io.backupd.common.api;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Map;

/**
 * A job arg whose value no controller plans, such as an unknown {@code mode} or {@code format}.
 * Only a job written by hand (or by a newer controller) holds one, so a job set that contains one
 * is refused whole and changes nothing, unlike a job this node merely cannot serve, which is left
 * out while the rest of its set is scheduled.
 */
public final class UnknownArgValue extends BackupException {
    private final String arg;

    /** {@code why} is the refusal of the value's parser, e.g. "format 'zip' is not one of tar.gz, tar.zst". */
    public UnknownArgValue(String arg, BackupException why) {
        this("arg '" + arg + "': " + why.getMessage(), arg, why);
    }

    private UnknownArgValue(String message, String arg, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, message, Map.of("arg", arg), cause);
        this.arg = arg;
    }

    /** The same refusal, its message naming the job it was found in. */
    public UnknownArgValue inJob(String jobId) {
        return new UnknownArgValue("job " + jobId + ": " + getMessage(), arg, this);
    }
}
