package io.backupd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A small JSON-over-HTTP client for tests against a real server on loopback: every call answers
 * status, content type and the body parsed as JSON ({@code null} JSON when empty). A failed
 * connection is an {@link UncheckedIOException} naming the request.
 */
public final class Http {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /**
     * One answer. {@code contentType} is empty when the server sent none; {@code unreachable} is the
     * controller's {@code X-Backupd-Unreachable} header, null when absent.
     */
    public record Answer(int status, JsonNode body, String contentType, String unreachable) {
        /** The {@code error} code of an error answer, empty when there is none. */
        public String error() {
            return body.path("error").asText();
        }
    }

    private final OkHttpClient client;
    private final String base;
    private final Map<String, String> headers;
    private final UnaryOperator<OkHttpClient.Builder> tls;

    /** A client for {@code base}, e.g. {@code http://127.0.0.1:9002/api/v1}; paths are appended as given. */
    public Http(String base) {
        this(base, Map.of());
    }

    /** As {@link #Http(String)}, every request (raw ones too) carrying {@code headers}, e.g. a credential. */
    public Http(String base, Map<String, String> headers) {
        this(base, headers, UnaryOperator.identity());
    }

    /** As {@link #Http(String, Map)}, {@code tls} setting the client's trust for an https {@code base}. */
    public Http(String base, Map<String, String> headers, UnaryOperator<OkHttpClient.Builder> tls) {
        this.base = base;
        this.headers = Map.copyOf(headers);
        this.tls = tls;
        this.client = tls.apply(new OkHttpClient.Builder()).callTimeout(CALL_TIMEOUT)
                .addInterceptor(chain -> {
                    Request.Builder request = chain.request().newBuilder();
                    this.headers.forEach(request::header);
                    return chain.proceed(request.build());
                }).build();
    }

    /** This client with {@code more} headers on every request besides its own. */
    public Http with(Map<String, String> more) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(more);
        return new Http(base, all, tls);
    }

    public Answer get(String path) {
        return call(new Request.Builder().url(base + path).get().build());
    }

    /** A form PUT of {@code name, value, name, value, ...}; a name may repeat. */
    public Answer put(String path, String... form) {
        return call(new Request.Builder().url(base + path).put(form(form)).build());
    }

    /** A form POST of {@code name, value, name, value, ...}; a name may repeat. */
    public Answer post(String path, String... form) {
        return call(new Request.Builder().url(base + path).post(form(form)).build());
    }

    /** A form POST with one value per field. */
    public Answer post(String path, Map<String, String> form) {
        return call(new Request.Builder().url(base + path).post(form(form)).build());
    }

    /** A form PUT with one value per field. */
    public Answer put(String path, Map<String, String> form) {
        return call(new Request.Builder().url(base + path).put(form(form)).build());
    }

    /** A PUT of {@code value} written as JSON by the services' own mapper. */
    public Answer putJson(String path, Object value) {
        return putJson(path, Json.write(value));
    }

    /** A PUT of {@code json}, sent as it is (it need not be valid JSON). */
    public Answer putJson(String path, String json) {
        return call(new Request.Builder().url(base + path).put(RequestBody.create(json, JSON)).build());
    }

    /** A POST of {@code value} written as JSON by the services' own mapper. */
    public Answer postJson(String path, Object value) {
        return postJson(path, Json.write(value));
    }

    /** A POST of {@code json}, sent as it is (it need not be valid JSON). */
    public Answer postJson(String path, String json) {
        return call(new Request.Builder().url(base + path).post(RequestBody.create(json, JSON)).build());
    }

    /** Any method with an empty body (none for GET and HEAD). */
    public Answer method(String method, String path) {
        return send(method, path, method.equals("GET") || method.equals("HEAD") ? null : RequestBody.create(new byte[0]));
    }

    /** Any method with any body ({@code null} for none), for what the other calls do not cover. */
    public Answer send(String method, String path, RequestBody body) {
        return call(new Request.Builder().url(base + path).method(method, body).build());
    }

    /** The headers of a GET, for the few answers that carry something there. */
    public Headers headers(String path) {
        Request request = new Request.Builder().url(base + path).get().build();
        try (Response response = client.newCall(request).execute()) {
            return response.headers();
        } catch (IOException e) {
            throw failed(request, e);
        }
    }

    /**
     * A GET sent byte for byte as given, as {@code curl --path-as-is} does: OkHttp (like browsers)
     * removes {@code ..} segments before sending, which would hide what the server does with them.
     */
    public Answer rawGet(String path) {
        return raw("GET", path, "", null);
    }

    /** A form POST sent byte for byte as given (see {@link #rawGet}); {@code form} is already url-encoded. */
    public Answer rawPost(String path, String form) {
        return raw("POST", path, form, "application/x-www-form-urlencoded");
    }

    private Answer raw(String method, String path, String body, String type) {
        URI uri = URI.create(base);
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        StringBuilder lines = new StringBuilder();
        this.headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
        if (type != null) {
            lines.append("Content-Type: ").append(type).append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        try {
            RawHttp.Answer raw = RawHttp.send(uri.getHost(), uri.getPort(), method, uri.getPath() + path, lines.toString(), bytes);
            return new Answer(raw.status(), parse(raw.body()), raw.headers().getOrDefault("content-type", ""),
                    raw.headers().get("x-backupd-unreachable"));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " (raw): " + e.getMessage(), e);
        }
    }

    private static RequestBody form(Map<String, String> fields) {
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
        fields.forEach(form::add);
        return form.build();
    }

    private static RequestBody form(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("a form is name, value pairs; got " + pairs.length + " strings");
        }
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form.build();
    }

    private Answer call(Request request) {
        try (Response response = client.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            return new Answer(response.code(), parse(text), response.header("Content-Type", ""),
                    response.header("X-Backupd-Unreachable"));
        } catch (IOException e) {
            throw failed(request, e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static UncheckedIOException failed(Request request, IOException e) {
        return new UncheckedIOException(request.method() + " " + request.url() + ": " + e.getMessage(), e);
    }
}
