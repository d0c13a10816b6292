package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Learns when a run's record is finished, as early as the daemon tells anyone. The driver serves
 * a notify address ({@code PUT /api/v1/notify -d addr=...}), so the daemon pushes each record the
 * moment its outbox delivers it, as it would to the controller; the arrival time is taken when
 * the POST's body has been read. As a safety net the run's record is also polled
 * ({@code GET /api/v1/cron/record/:rid}) every {@code pollEvery}; whichever sees the finished state
 * first sets the time, and {@link Finished#via()} says which.
 */
final class RecordInbox implements AutoCloseable {
    /** A finished record and when it became known (System.nanoTime). */
    record Finished(JsonNode record, long nanos, String via) {
        boolean success() {
            return "success".equals(record.path("state").asText());
        }

        String reason() {
            return record.path("reason").asText("");
        }

        JsonNode result() {
            return record.path("result");
        }

        /** The result of a successful run; {@code what} failed, with the record's reason, otherwise. */
        JsonNode requireSuccess(String what) {
            if (!success()) {
                throw new IllegalStateException(what + " failed: " + reason() + " " + result());
            }
            return result();
        }
    }

    private final HttpServer server;
    private final Map<String, Finished> finished = new HashMap<>(); // guarded by this
    private int pushes; // guarded by this

    private RecordInbox(HttpServer server) {
        this.server = server;
    }

    static RecordInbox start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(DaemonProcess.HOST, 0), 16);
        RecordInbox inbox = new RecordInbox(server);
        server.createContext("/notify", inbox::receive);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "notify-inbox");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return inbox;
    }

    String address() {
        return "http://" + DaemonProcess.HOST + ":" + server.getAddress().getPort() + "/notify";
    }

    synchronized int pushes() {
        return pushes;
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        long now = System.nanoTime();
        try {
            JsonNode parsed = Json.read(body, JsonNode.class, "notify body");
            synchronized (this) {
                pushes++;
                for (JsonNode record : parsed.isArray() ? parsed : Json.mapper().createArrayNode().add(parsed)) {
                    offer(record, now, "push");
                }
            }
            exchange.sendResponseHeaders(204, -1);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    private synchronized void offer(JsonNode record, long nanos, String via) {
        String state = record.path("state").asText();
        String rid = record.path("rid").asText();
        if ((state.equals("success") || state.equals("failed")) && !finished.containsKey(rid)) {
            finished.put(rid, new Finished(record, nanos, via));
            notifyAll();
        }
    }

    /**
     * Waits for {@code rid}'s finished record: pushed, or seen by polling {@code client} every
     * {@code pollEvery}. IllegalStateException after {@code timeout}.
     */
    Finished await(String rid, DaemonClient client, Duration pollEvery, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextPoll = System.nanoTime() + pollEvery.toNanos();
        while (true) {
            synchronized (this) {
                Finished done = finished.remove(rid);
                if (done != null) {
                    return done;
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException("run " + rid + " did not finish within " + timeout);
                }
                long waitNanos = Math.min(nextPoll, deadline) - now;
                if (waitNanos > 0) {
                    wait(Math.max(1, waitNanos / 1_000_000), 0);
                    continue;
                }
            }
            nextPoll = System.nanoTime() + pollEvery.toNanos();
            client.record(rid).ifPresent(r -> offer(r, System.nanoTime(), "poll"));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
