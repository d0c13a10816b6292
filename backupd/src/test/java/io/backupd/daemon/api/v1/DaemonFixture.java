package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.daemon.Backupd;
import io.backupd.daemon.DaemonConfig;
import io.backupd.testing.Http;
import io.backupd.http.auth.ClusterSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** A real daemon on 127.0.0.1 and a free port, over temp dirs, with local hooks. */
final class DaemonFixture implements AutoCloseable {
    static final String NODE = "127.0.0.1";

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
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Http.Answer answer = http.get("/cron/record/" + rid);
            if (answer.status() == 200) {
                last = answer.body();
                if (done.test(last)) {
                    return last;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a poll interval inside the deadline, not a wait for time
        }
        return fail("record " + rid + " did not get there within 20 s; last seen: " + last);
    }

    /** Polls {@code /debug} until it matches or the deadline passes. */
    JsonNode awaitDebug(Predicate<JsonNode> done) throws IOException {
        return awaitGet("/debug", done, Duration.ofSeconds(20));
    }

    /** Polls {@code /debug} until it matches or {@code within} has passed. */
    JsonNode awaitDebug(Predicate<JsonNode> done, Duration within) throws IOException {
        return awaitGet("/debug", done, within);
    }

    /** Polls {@code /cron/records} until the list matches or the deadline passes. */
    JsonNode awaitRecords(Predicate<JsonNode> done) throws IOException {
        return awaitGet("/cron/records", done, Duration.ofSeconds(20));
    }

    private JsonNode awaitGet(String path, Predicate<JsonNode> done, Duration within) throws IOException {
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = http.get(path).body();
            if (done.test(last)) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return fail(path + " did not get there within " + within.toSeconds() + " s; last seen: " + last);
    }

    static boolean finished(JsonNode record) {
        return !record.path("state").asText().equals("running");
    }

    @Override
    public void close() {
        daemon.close();
    }
}
