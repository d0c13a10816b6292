package io.backupd.http;

import io.backupd.common.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers in the one error shape. Jetty answers some requests before Javalin
 * sees them: one it cannot parse (a bad percent escape such as {@code %zz} or {@code %00} is 400),
 * an overlong URI (414) or header block (431). Its stock handler writes an HTML page, and only for
 * GET, POST and HEAD; this one writes {@code {"error", "message"}} as {@code application/json} for
 * every method that may carry a body. The request's own URI is not repeated: for these answers it is
 * the part that could not be read.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ErrorBodies bodies;

    JsonErrorHandler(ErrorBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String given ? given : null;
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException failure) {
            status = failure.getCode();
            response.setStatus(status);
            message = message == null ? failure.getReason() : message;
        }
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] body = Json.writeBytes(bodies.forStatus(status, null, null, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
