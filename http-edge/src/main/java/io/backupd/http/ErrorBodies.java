package io.backupd.http;

import io.backupd.common.api.ApiError;
import io.backupd.common.error.ErrorCode;

/**
 * The error body for a status that came without one of our exceptions: Javalin's own answers (no
 * route, wrong method, body over the limit) and Jetty's (a request it could not parse). The code is
 * {@link ErrorCode#forStatus}'s; the message says what to change, in words, never Jetty's HTML.
 */
final class ErrorBodies {
    /** Enough of a path to recognise it; an overlong one is what some of these answers are about. */
    private static final int SHOWN_PATH = 200;

    private final long maxRequestBytes;

    ErrorBodies(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * @param method the request's method, null when the request could not be parsed
     * @param path   the request's path, null when the request could not be parsed
     * @param given  the message that came with the status, if any
     */
    ApiError forStatus(int status, String method, String path, String given) {
        ErrorCode code = ErrorCode.forStatus(status);
        return new ApiError(code.name(), message(status, method, shown(path), given), null);
    }

    /** A wrong method on a path that takes {@code allowed} (as Javalin lists them: {@code GET, POST}). */
    ApiError methodNotAllowed(String method, String path, String allowed) {
        ApiError error = forStatus(405, method, path, null);
        return new ApiError(error.error(), error.message() + "; it takes " + allowed, null);
    }

    private String message(int status, String method, String path, String given) {
        return switch (status) {
            case 400 -> path == null
                    ? "the request is malformed (" + orStatus(given, status) + "): check the URI's percent escapes"
                    + " (%zz and %00 are refused) and the headers"
                    : orStatus(given, status);
            case 401 -> "this endpoint needs a credential: send Authorization: Bearer <token>";
            case 404 -> "no such endpoint: " + method + " " + path;
            case 405 -> "method " + method + " is not allowed on " + path;
            case 413 -> "the request body is larger than the " + maxRequestBytes + " bytes this server accepts";
            case 414 -> "the request URI is longer than this server accepts; send long values as form or JSON fields";
            case 431 -> "the request headers are larger than this server accepts";
            default -> orStatus(given, status);
        };
    }

    private static String orStatus(String given, int status) {
        return given == null || given.isBlank() ? "request failed with HTTP " + status : given;
    }

    private static String shown(String path) {
        if (path == null) {
            return null;
        }
        String printable = Fields.printable(path);
        return printable.length() <= SHOWN_PATH ? printable : printable.substring(0, SHOWN_PATH) + "…";
    }
}
