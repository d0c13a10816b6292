package io.backupd.ctl.dispatch;

import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.ctl.daemons.DaemonClientTest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A daemon's v1 job-set surface on a MockWebServer: keeps the last pushed version and reports it
 * from {@code /api/v1/debug} like a daemon would; {@link #forget()} plays a daemon that lost its jobs.
 */
final class FakeDaemon implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final List<String> pushedVersions = new CopyOnWriteArrayList<>();
    final List<String> notifyAddrs = new CopyOnWriteArrayList<>();
    final AtomicInteger debugCalls = new AtomicInteger();
    private volatile String version;
    private volatile String lastData;

    FakeDaemon() throws IOException {
        this(0);
    }

    FakeDaemon(int port) throws IOException {
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), port);
    }

    HttpUrl url() {
        return server.url("/");
    }

    /** The sleep flag job {@code id} had in the last push; AssertionError when it was not in it. */
    boolean lastPushedSleep(String id) {
        for (io.backupd.common.api.Job job : io.backupd.common.json.Json.read(lastData,
                new com.fasterxml.jackson.core.type.TypeReference<List<io.backupd.common.api.Job>>() { }, "data")) {
            if (job.id().equals(id)) {
                return job.sleep();
            }
        }
        throw new AssertionError("job " + id + " was not in the last push: " + lastData);
    }

    void forget() {
        version = null;
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        if ("PUT".equals(request.getMethod()) && "/api/v1/cron/jobs".equals(path)) {
            Map<String, String> form = DaemonClientTest.form(request);
            version = form.get("version");
            lastData = form.get("data");
            pushedVersions.add(version);
            return new MockResponse().setBody("{}");
        }
        if ("PUT".equals(request.getMethod()) && "/api/v1/notify".equals(path)) {
            notifyAddrs.add(DaemonClientTest.form(request).get("addr"));
            return new MockResponse().setBody("{}");
        }
        if ("GET".equals(request.getMethod()) && "/api/v1/debug".equals(path)) {
            debugCalls.incrementAndGet();
            String v = version;
            // the fields the real daemon's DaemonStatus has that reconcile reads
            return new MockResponse().setBody(v == null ? "{\"version\":null,\"jobs\":0}" : "{\"version\":\"" + v + "\",\"jobs\":1}");
        }
        return new MockResponse().setResponseCode(404).setBody("{\"error\":\"NOT_FOUND\",\"message\":\"no " + path + "\"}");
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
