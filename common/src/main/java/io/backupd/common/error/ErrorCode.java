package io.backupd.common.error;

/** The closed set of failures the APIs report; each carries the HTTP status it maps to. */
public enum ErrorCode {
    INVALID_ARGUMENT(400),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    VOLUME_BUSY(409),
    INTERNAL(500),
    NODE_UNREACHABLE(502),
    STORAGE_FAILED(502),
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code whose name is {@code name}, or INTERNAL for a name this version does not know. */
    public static ErrorCode fromName(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
