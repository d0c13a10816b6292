package io.backupd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small JSON-over-HTTP client for the tests: every call returns status and parsed body. */
final class Http {
    private final OkHttpClient client;
    private final String base;

    Http(String base) {
        this(base, Map.of());
    }

    /** Every call carries {@code headers}, e.g. a credential. */
    Http(String base, Map<String, String> headers) {
        this.base = base;
        this.client = new OkHttpClient.Builder()
                .callTimeout(Duration.ofSeconds(20))
                .addInterceptor(chain -> {
                    Request.Builder request = chain.request().newBuilder();
                    headers.forEach(request::header);
                    return chain.proceed(request.build());
                })
                .build();
    }

    /** Status, parsed body, content type and the {@code X-Backupd-Unreachable} header (null when absent). */
    record Answer(int status, JsonNode body, String contentType, String unreachable) {
    }

    Answer get(String path) {
        return call(new Request.Builder().url(base + path).get().build());
    }

    Answer post(String path, Map<String, String> form) {
        FormBody.Builder body = new FormBody.Builder();
        form.forEach(body::add);
        return call(new Request.Builder().url(base + path).post(body.build()).build());
    }

    Answer postJson(String path, String json) {
        return call(new Request.Builder().url(base + path)
                .post(RequestBody.create(json, okhttp3.MediaType.get("application/json"))).build());
    }

    Answer put(String path, Map<String, String> form) {
        FormBody.Builder body = new FormBody.Builder();
        form.forEach(body::add);
        return call(new Request.Builder().url(base + path).put(body.build()).build());
    }

    Answer put(String path) {
        return call(new Request.Builder().url(base + path).put(RequestBody.create(new byte[0])).build());
    }

    private Answer call(Request request) {
        try (Response response = client.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode body = text.isEmpty() ? null : Json.mapper().readTree(text);
            return new Answer(response.code(), body, response.header("Content-Type", ""), response.header("X-Backupd-Unreachable"));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url() + ": " + e.getMessage(), e);
        }
    }

    /** A port nobody listens on right now at {@code host}. */
    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
