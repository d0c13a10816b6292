package io.backupd.daemon.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import io.backupd.http.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A tiny OkHttp client for route tests: every answer parsed as JSON. */
final class Http {
    record Answer(int status, String contentType, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    private final OkHttpClient client;
    private final String base;

    Http(String base) {
        this(base, Map.of());
    }

    /** Every request carries {@code headers}, e.g. a credential. */
    Http(String base, Map<String, String> headers) {
        this.base = base;
        this.client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10))
                .addInterceptor(chain -> {
                    Request.Builder request = chain.request().newBuilder();
                    headers.forEach(request::header);
                    return chain.proceed(request.build());
                }).build();
    }

    Answer get(String path) throws IOException {
        return call(new Request.Builder().url(base + path).get().build());
    }

    Answer put(String path, String... form) throws IOException {
        return call(new Request.Builder().url(base + path).put(form(form)).build());
    }

    Answer post(String path, String... form) throws IOException {
        return call(new Request.Builder().url(base + path).post(form(form)).build());
    }

    Answer putJson(String path, Object body) throws IOException {
        return call(new Request.Builder().url(base + path)
                .put(RequestBody.create(Json.write(body), MediaType.get("application/json"))).build());
    }

    Answer postJson(String path, Object body) throws IOException {
        return call(new Request.Builder().url(base + path)
                .post(RequestBody.create(Json.write(body), MediaType.get("application/json"))).build());
    }

    /** Headers too, for the few answers that carry something there. */
    okhttp3.Headers headers(String path) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(base + path).get().build()).execute()) {
            return response.headers();
        }
    }

    /**
     * A GET sent byte for byte as given, as {@code curl --path-as-is} does: OkHttp (like browsers)
     * removes {@code ..} segments before sending, which would hide what the server does with them.
     */
    Answer rawGet(String path) throws IOException {
        java.net.URI uri = java.net.URI.create(base);
        return answer(RawHttp.get(uri.getPort(), uri.getPath() + path));
    }

    /** A form POST sent byte for byte as given (see {@link #rawGet}); {@code form} is already url-encoded. */
    Answer rawPost(String path, String form) throws IOException {
        java.net.URI uri = java.net.URI.create(base);
        byte[] body = form.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return answer(RawHttp.send(uri.getPort(), "POST", uri.getPath() + path,
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n", body));
    }

    private static Answer answer(RawHttp.Answer raw) {
        return new Answer(raw.status(), raw.contentType(), raw.body().isEmpty() ? Json.mapper().nullNode() : raw.json());
    }

    Answer method(String method, String path) throws IOException {
        RequestBody body = method.equals("GET") || method.equals("HEAD") ? null : RequestBody.create(new byte[0]);
        return call(new Request.Builder().url(base + path).method(method, body).build());
    }

    private static RequestBody form(String... pairs) {
        FormBody.Builder form = new FormBody.Builder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form.build();
    }

    private Answer call(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode json = text.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(text);
            return new Answer(response.code(), response.header("Content-Type"), json);
        }
    }
}
