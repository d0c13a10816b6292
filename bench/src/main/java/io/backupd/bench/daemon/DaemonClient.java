package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The daemon's v1 API, called exactly as a user does with curl: form bodies, JSON answers. A
 * non-2xx answer is a {@link Refused} carrying the status and the error body.
 */
final class DaemonClient {
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(60)).build();
    private final HttpUrl base;

    DaemonClient(String baseUrl) {
        this.base = HttpUrl.get(baseUrl + "/api/v1/");
    }

    /** The daemon answered with an error status. */
    static final class Refused extends RuntimeException {
        final int status;
        final String body;

        Refused(String what, int status, String body) {
            super(what + " answered HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }
    }

    /** {@code PUT /cron/jobs -d data=<json array> -d version=<v>}: {@code {version, changed, accepted, rejected}}. */
    JsonNode putJobs(String version, JsonNode jobs) {
        return call("PUT", url("cron/jobs"), form(Map.of("data", List.of(Json.write(jobs)), "version", List.of(version))));
    }

    /** {@code PUT /cron/stop}: nothing fires on its schedule; runs asked for still run. */
    void stopScheduling() {
        call("PUT", url("cron/stop"), RequestBody.create(new byte[0]));
    }

    /** {@code PUT /notify -d addr=<url>}. */
    void addNotify(String addr) {
        call("PUT", url("notify"), form(Map.of("addr", List.of(addr))));
    }

    /** {@code POST /cron/jobs/:id/actions/run}: the rid of the run. */
    String run(String jobId) {
        return call("POST", url("cron/jobs", jobId, "actions", "run"), RequestBody.create(new byte[0])).path("rid").asText();
    }

    /** {@code POST /backup/full/recover/file/:file} with {@code fields}: the rid of the run. */
    String recoverFull(String file, Map<String, List<String>> fields) {
        return call("POST", url("backup", "full", "recover", "file", file), form(fields)).path("rid").asText();
    }

    /** {@code POST /backup/increment/recover/dir/:snapshot} with {@code fields}: the rid of the run. */
    String recoverIncrement(String snapshot, Map<String, List<String>> fields) {
        return call("POST", url("backup", "increment", "recover", "dir", snapshot), form(fields)).path("rid").asText();
    }

    /** {@code GET /cron/record/:rid}; empty while this node does not know it (404). */
    Optional<JsonNode> record(String rid) {
        try {
            return Optional.of(call("GET", url("cron", "record", rid), null));
        } catch (Refused e) {
            if (e.status == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code POST /backup/delete -d files=<name>...}. */
    JsonNode delete(List<String> names) {
        return call("POST", url("backup", "delete"), form(Map.of("files", names)));
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String segment : segments) {
            for (String part : segment.split("/")) {
                b.addPathSegment(part);
            }
        }
        return b.build();
    }

    private static RequestBody form(Map<String, List<String>> fields) {
        FormBody.Builder form = new FormBody.Builder();
        fields.forEach((name, values) -> values.forEach(v -> form.add(name, v)));
        return form.build();
    }

    private JsonNode call(String method, HttpUrl url, RequestBody body) {
        Request request = new Request.Builder().url(url).method(method, body).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw new Refused(method + " " + url.encodedPath(), response.code(), text);
            }
            return text.isBlank() ? Json.mapper().nullNode() : Json.read(text, JsonNode.class, method + " " + url.encodedPath());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e.getMessage(), e);
        }
    }
}
