package io.backupd.http;

import com.fasterxml.jackson.core.JacksonException;
import io.backupd.common.api.ApiError;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure a handler raises, and every request no route takes, into the one error body
 * {@code {"error": CODE, "message": ...}}: our own exceptions by their code; bad JSON and failed
 * Javalin validation as INVALID_ARGUMENT; Javalin's own answers (no route 404, wrong method 405, a
 * body over the limit 413) by their status; anything else as a logged INTERNAL whose message names
 * the binary's log and never carries a stack trace.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    /** Set once a body is written, so the 404/405 fallbacks never replace an answer a handler gave. */
    private static final String ANSWERED = "io.backupd.http.error.answered";
    /** Where Javalin's 405 lists the methods the path takes ({@code GET, POST}). */
    private static final String JAVALIN_ALLOWED = "availableMethods";

    private final String binary;
    private final ErrorBodies bodies;

    ErrorMapper(String binary, ErrorBodies bodies) {
        this.binary = binary;
        this.bodies = bodies;
    }

    void install(RoutesConfig routes) {
        routes.exception(BackupException.class, (e, ctx) -> answer(ctx, e.code().httpStatus(), e.toApiError()));
        routes.exception(JacksonException.class, (e, ctx) -> invalid(ctx, "the request body is not valid JSON: " + e.getOriginalMessage()));
        routes.exception(ValidationException.class, (e, ctx) -> invalid(ctx, "invalid input: " + failures(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String allowed = e.getDetails().get(JAVALIN_ALLOWED);
            if (e.getStatus() == 405 && allowed != null) {
                ctx.header(Header.ALLOW, allowed);
                answer(ctx, 405, bodies.methodNotAllowed(ctx.req().getMethod(), ctx.path(), allowed));
            } else {
                answer(ctx, e.getStatus(), bodies.forStatus(e.getStatus(), ctx.req().getMethod(), ctx.path(), e.getMessage()));
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.req().getMethod(), Fields.printable(ctx.path()), e);
            answer(ctx, ErrorCode.INTERNAL.httpStatus(), new ApiError(ErrorCode.INTERNAL.name(),
                    "internal error; the " + binary + "'s log has the details", null));
        });
        // a path no route matches ends here without an exception
        routes.error(404, ctx -> unanswered(ctx, 404));
        routes.error(405, ctx -> unanswered(ctx, 405));
    }

    private void unanswered(Context ctx, int status) {
        if (ctx.attribute(ANSWERED) == null) {
            answer(ctx, status, bodies.forStatus(status, ctx.req().getMethod(), ctx.path(), null));
        }
    }

    private static void invalid(Context ctx, String message) {
        answer(ctx, ErrorCode.INVALID_ARGUMENT.httpStatus(), new ApiError(ErrorCode.INVALID_ARGUMENT.name(), message, null));
    }

    /** {@code n: TYPE_CONVERSION_FAILED; m: ...}: each parameter Javalin's validation refused, with why. */
    private static String failures(ValidationException e) {
        return e.getErrors().entrySet().stream()
                .map(field -> field.getKey() + ": " + field.getValue().stream().map(ValidationError::getMessage)
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }

    private static void answer(Context ctx, int status, ApiError error) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).json(error);
    }
}
