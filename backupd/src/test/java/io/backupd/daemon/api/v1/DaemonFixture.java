package io.backupd.daemon.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.daemon.Backupd;
import io.backupd.daemon.DaemonConfig;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.testing.Await;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** A real daemon on 127.0.0.1 and a free port, over temp dirs, with local hooks. */
final class DaemonFixture implements AutoCloseable {
    static final String NODE = "127.0.0.1";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    final Path volumeRoot;
    final Path storeRoot;
    final Backupd daemon;
    final Http http;

    DaemonFixture(Path dir) throws IOException {
        this(dir, null);
    }

    /** With {@code secret} (null for none) the fixture's {@link #http} calls with the controller's credential. */
    DaemonFixture(Path dir, ClusterSecret secret) throws IOException {
        volumeRoot = Files.createDirectories(dir.resolve("volumes"));
        storeRoot = dir.resolve("store");
        daemon = Backupd.start(new DaemonConfig("127.0.0.1", 0, NODE, "fs:" + storeRoot, volumeRoot,
                dir.resolve("data"), "local", Duration.ofSeconds(10), ZoneOffset.UTC, 2, Duration.ofHours(1))
                .withSecret(secret));
        http = new Http(daemon.baseUrl() + "/api/v1",
                secret == null ? Map.of() : Map.of("Authorization", "Bearer " + secret.controllerToken()));
    }

    /** A backup job of instance {@code instanceNo}'s {@code /data}, with its volume made unless told otherwise. */
    Job backupJob(int instanceNo, String spec, boolean makeVolume) throws IOException {
        return backupJob(instanceNo, spec, makeVolume, Map.of());
    }

    /** The same job with {@code extra} args added or replaced, e.g. a {@code format}. */
    Job backupJob(int instanceNo, String spec, boolean makeVolume, Map<String, String> extra) throws IOException {
        Map<String, String> args = new java.util.HashMap<>(Map.of("app", "hello", "proc", "hello.web.web",
                "instanceNo", Integer.toString(instanceNo), "volume", "/data", "mode", "full", "preRun", "echo pre",
                "postRun", "echo post"));
        args.putAll(extra);
        if (makeVolume) {
            Path volume = Files.createDirectories(volumeRoot.resolve("hello/hello.web.web/" + instanceNo + "/data"));
            Files.writeString(volume.resolve("file.txt"), "instance " + instanceNo);
        }
        return Job.of(JobIds.of(NODE, spec, "backup", args), spec, "backup", args, JobType.CRON);
    }

    /** Polls {@code /cron/record/{rid}} until it matches or the deadline passes. */
    JsonNode awaitRecord(String rid, Predicate<JsonNode> done) throws IOException {
        return await("/cron/record/" + rid, answer -> answer.status() == 200 && done.test(answer.body()), DEADLINE);
    }

    /** Polls {@code /debug} until it matches or the deadline passes. */
    JsonNode awaitDebug(Predicate<JsonNode> done) throws IOException {
        return awaitGet("/debug", done, DEADLINE);
    }

    /** Polls {@code /debug} until it matches or {@code within} has passed. */
    JsonNode awaitDebug(Predicate<JsonNode> done, Duration within) throws IOException {
        return awaitGet("/debug", done, within);
    }

    /** Polls {@code /cron/records} until the list matches or the deadline passes. */
    JsonNode awaitRecords(Predicate<JsonNode> done) throws IOException {
        return awaitGet("/cron/records", done, DEADLINE);
    }

    private JsonNode awaitGet(String path, Predicate<JsonNode> done, Duration within) {
        return await(path, answer -> done.test(answer.body()), within);
    }

    /** The body of the first answer to {@code GET path} that {@code done} takes; the last one seen in the failure. */
    private JsonNode await(String path, Predicate<Http.Answer> done, Duration within) {
        AtomicReference<Http.Answer> last = new AtomicReference<>();
        try {
            return Await.until(path + " to match", within, () -> {
                last.set(http.get(path));
                return Optional.of(last.get()).filter(done).map(Http.Answer::body);
            });
        } catch (AssertionError e) {
            Http.Answer seen = last.get();
            throw new AssertionError(e.getMessage() + "; last seen: " + (seen == null ? null : seen.body()), e);
        }
    }

    static boolean finished(JsonNode record) {
        return !record.path("state").asText().equals("running");
    }

    @Override
    public void close() {
        daemon.close();
    }
}
