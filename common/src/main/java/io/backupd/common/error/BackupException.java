package io.backupd.common.error;

import io.backupd.common.api.ApiError;
import java.util.Map;

/**
 * The one exception type the project throws for failures a caller should see. The code decides
 * the HTTP status; the message must say what went wrong and why, in words an app owner can act on.
 */
public class BackupException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> details;

    public BackupException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public BackupException(ErrorCode code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    public BackupException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static BackupException invalid(String message) {
        return new BackupException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static BackupException notFound(String message) {
        return new BackupException(ErrorCode.NOT_FOUND, message);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public ApiError toApiError() {
        return new ApiError(code.name(), getMessage(), details.isEmpty() ? null : details);
    }

    /** Rebuilds the exception a remote side reported, so it can be rethrown with the same code. */
    public static BackupException fromApiError(ApiError error) {
        return new BackupException(ErrorCode.fromName(error.error()), error.message(), error.details(), null);
    }
}
