package io.backupd.ctl.api;

import com.fasterxml.jackson.core.JacksonException;
import io.backupd.common.api.ApiError;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"error": CODE, "message": ...}} with the code's status: our
 * own exceptions as they say, bad JSON and failed validation as INVALID_ARGUMENT, Javalin's own
 * responses (unknown path) by their status, anything else as INTERNAL with a generic message and
 * the stack trace in the log only.
 */
final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(BackupException.class, (e, ctx) -> answer(ctx, e.code(), e.toApiError()));
        routes.exception(JacksonException.class, (e, ctx) ->
                answer(ctx, ErrorCode.INVALID_ARGUMENT, error(ErrorCode.INVALID_ARGUMENT, "the request body is not valid JSON: " + e.getOriginalMessage())));
        routes.exception(ValidationException.class, (e, ctx) ->
                answer(ctx, ErrorCode.INVALID_ARGUMENT, error(ErrorCode.INVALID_ARGUMENT, "invalid input: " + e.getErrors())));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            ErrorCode code = codeFor(e.getStatus());
            answer(ctx, code, error(code, e.getMessage()));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, ErrorCode.INTERNAL, error(ErrorCode.INTERNAL, "internal error; the controller log has the details"));
        });
        routes.error(404, ctx -> {
            // only paths no route matched; a route's own 404 already carries its body
            if (ctx.result() == null || ctx.result().isEmpty()) {
                answer(ctx, ErrorCode.NOT_FOUND, error(ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static void answer(Context ctx, ErrorCode code, ApiError body) {
        ctx.status(code.httpStatus()).json(body);
    }

    private static ApiError error(ErrorCode code, String message) {
        return new ApiError(code.name(), message, null);
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400, 405, 413, 415 -> ErrorCode.INVALID_ARGUMENT;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_ARGUMENT;
        };
    }
}
