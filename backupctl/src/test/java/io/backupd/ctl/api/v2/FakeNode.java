package io.backupd.ctl.api.v2;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.api.BackupEntity;
import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.common.json.Json;
import io.backupd.ctl.daemons.DaemonClientTest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * One node's daemon on a MockWebServer, answering the v1 calls the controller makes like a daemon
 * would. Backups come from a list shared by all fake nodes, as storage is shared; {@link #down()}
 * stops the server, so calls are refused.
 */
final class FakeNode implements AutoCloseable {
    final String ip;
    final List<RecordedRequest> calls = new CopyOnWriteArrayList<>();
    private final MockWebServer server = new MockWebServer();
    private final List<BackupEntity> storage;
    volatile MockResponse runAnswer = json(202, "{\"rid\":\"rid-from-daemon\"}");
    /** How many of the next job-set pushes to refuse with 503, as a daemon that is still starting would. */
    final java.util.concurrent.atomic.AtomicInteger refusePushes = new java.util.concurrent.atomic.AtomicInteger();
    private volatile List<Job> jobs = List.of();
    private volatile String version;

    FakeNode(String ip, List<BackupEntity> storage) throws IOException {
        this.ip = ip;
        this.storage = storage;
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.add(request);
                return answer(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    HttpUrl url() {
        return server.url("/");
    }

    /** As a daemon that restarted with its state gone: no job set, no version. */
    void loseJobSet() {
        jobs = List.of();
        version = null;
    }

    void down() throws IOException {
        server.shutdown();
    }

    List<RecordedRequest> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.getMethod().equals(method) && c.getPath().startsWith(pathPrefix)).toList();
    }

    private MockResponse answer(RecordedRequest request) {
        String method = request.getMethod();
        HttpUrl url = request.getRequestUrl();
        String path = url.encodedPath();
        if (method.equals("PUT") && path.equals("/api/v1/cron/jobs")) {
            if (refusePushes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return json(503, "{\"error\":\"UNAVAILABLE\",\"message\":\"starting\"}");
            }
            Map<String, String> form = DaemonClientTest.form(request);
            version = form.get("version");
            jobs = Json.read(form.get("data"), new TypeReference<List<Job>>() { }, "data");
            return json(200, "{\"changed\":true,\"rejected\":[]}");
        }
        if (method.equals("GET") && path.equals("/api/v1/cron/jobs")) {
            return json(200, Json.write(jobs.stream().map(j -> new Entry(null, null, j)).toList()));
        }
        if (method.equals("POST") && path.startsWith("/api/v1/cron/jobs/")) {
            String[] parts = path.split("/");
            String id = parts[5];
            String action = parts[7];
            if (jobs.stream().noneMatch(j -> j.id().equals(id))) {
                // what a real daemon answers for a job its job set does not have (yet)
                return json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no cron job " + id + " on this node\"}");
            }
            return switch (action) {
                case "run" -> runAnswer;
                case "sleep", "wakeup" -> {
                    boolean sleep = action.equals("sleep");
                    jobs = jobs.stream().map(j -> j.id().equals(id) ? j.withSleep(sleep) : j).toList();
                    yield json(200, "{\"id\":\"" + id + "\",\"sleep\":" + sleep + "}");
                }
                default -> json(400, "{\"error\":\"INVALID_ARGUMENT\",\"message\":\"bad action\"}");
            };
        }
        if (method.equals("PUT") && (path.equals("/api/v1/cron/start") || path.equals("/api/v1/cron/stop"))) {
            return json(200, "{\"scheduling\":" + path.endsWith("start") + "}");
        }
        if (method.equals("GET") && path.equals("/api/v1/debug")) {
            return json(200, "{\"nodeIp\":\"" + ip + "\",\"version\":" + (version == null ? "null" : "\"" + version + "\"") + "}");
        }
        if (method.equals("GET") && path.equals("/api/v1/backup/json")) {
            String app = url.queryParameter("app");
            String proc = url.queryParameter("proc");
            List<String> dirs = url.queryParameterValues("dir");
            return json(200, Json.write(storage.stream().filter(b -> (app == null || app.equals(b.app()))
                    && (proc == null || proc.equals(b.proc())) && (dirs.isEmpty() || dirs.contains(b.volume()))).toList()));
        }
        if (method.equals("GET") && path.startsWith("/api/v1/backup/info/file/")) {
            String name = url.pathSegments().get(url.pathSize() - 1);
            return storage.stream().filter(b -> b.name().equals(name)).findFirst().map(b -> json(200, Json.write(b)))
                    .orElse(json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no backup named '" + name + "' in this storage\"}"));
        }
        if (method.equals("GET") && path.startsWith("/api/v1/backup/filelist/dir/")) {
            return json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no incremental backup\"}");
        }
        if (method.equals("POST") && path.equals("/api/v1/backup/delete")) {
            return json(200, "{\"deleted\":" + Json.write(url.queryParameterValues("files").isEmpty()
                    ? formValues(request, "files") : url.queryParameterValues("files")) + "}");
        }
        if (method.equals("POST") && path.startsWith("/api/v1/backup/") && path.contains("/recover/")) {
            return json(202, "{\"rid\":\"restore-on-" + ip + "\"}");
        }
        if (method.equals("PUT") && path.equals("/api/v1/notify")) {
            return json(200, "{}");
        }
        return json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"fake daemon has no " + method + " " + path + "\"}");
    }

    /** Every value of a repeated form field, in order. */
    static List<String> formValues(RecordedRequest request, String name) {
        List<String> out = new java.util.ArrayList<>();
        for (String pair : request.getBody().clone().readUtf8().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8).equals(name)) {
                out.add(java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
