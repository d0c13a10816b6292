package io.backupd.common.error;

/**
 * The closed set of failures the APIs report; each carries the HTTP status it maps to. This enum is
 * the one table between codes and statuses in both directions: {@link #httpStatus()} for an error
 * being answered, {@link #forStatus(int)} for a status that came without a code (Jetty's own answers,
 * Javalin's, a proxy's). Where several codes share a status, the one declared first is the general
 * one that {@link #forStatus(int)} answers; the later ones are more precise and only ever thrown.
 */
public enum ErrorCode {
    INVALID_ARGUMENT(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    VOLUME_BUSY(409),
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    HEADERS_TOO_LARGE(431),
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

    /**
     * The general code of {@code status}: the first declared with it; for a status no code has, any other
     * 4xx is INVALID_ARGUMENT (the request was refused) and anything else INTERNAL.
     */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.httpStatus == status) {
                return code;
            }
        }
        return status >= 400 && status < 500 ? INVALID_ARGUMENT : INTERNAL;
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
