package io.backupd.daemon.api.v1;

import com.fasterxml.jackson.core.JacksonException;
import io.backupd.common.api.ApiError;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the one error body, {@code {"error": CODE, "message": ...}}: our own
 * exceptions by their code, Javalin's (unknown path, wrong method, bad body) and Jackson's by
 * status, anything else as a logged INTERNAL with a generic message, never a stack trace.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    /** 405 has no ErrorCode in common; clients that do not know the name read it as INTERNAL. */
    private static final String ANSWERED = "backupd.error.answered";

    private ApiErrors() {
    }

    static void install(JavalinDefaultRoutingApi routes) {
        routes.exception(BackupException.class, (e, ctx) -> answer(ctx, e.code().httpStatus(), e.toApiError()));
        routes.exception(JacksonException.class, (e, ctx) -> answer(ctx, 400,
                new ApiError(ErrorCode.INVALID_ARGUMENT.name(), "request is not valid JSON: " + e.getOriginalMessage(), null)));
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(),
                new ApiError(codeFor(e.getStatus()), messageFor(ctx, e.getStatus(), e.getMessage()), null)));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, 500, new ApiError(ErrorCode.INTERNAL.name(), "internal error; see the daemon's log", null));
        });
        // unmatched paths and methods end here without an exception; a handler's own 404 is answered already
        routes.error(404, ctx -> unanswered(ctx, 404));
        routes.error(405, ctx -> unanswered(ctx, 405));
    }

    private static void unanswered(Context ctx, int status) {
        if (ctx.attribute(ANSWERED) == null) {
            answer(ctx, status, new ApiError(codeFor(status), messageFor(ctx, status, null), null));
        }
    }

    private static void answer(Context ctx, int status, ApiError error) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).json(error);
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_ARGUMENT.name();
            case 403 -> ErrorCode.FORBIDDEN.name();
            case 404 -> ErrorCode.NOT_FOUND.name();
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.name();
            case 409 -> ErrorCode.CONFLICT.name();
            case 503 -> ErrorCode.UNAVAILABLE.name();
            default -> status >= 500 ? ErrorCode.INTERNAL.name() : ErrorCode.INVALID_ARGUMENT.name();
        };
    }

    private static String messageFor(Context ctx, int status, String given) {
        return switch (status) {
            case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
            case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
            default -> given == null || given.isBlank() ? "request failed with HTTP " + status : given;
        };
    }
}
