package io.backupd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.ctl.Backupctl;
import io.backupd.ctl.Controller;
import io.backupd.ctl.ControllerConfig;
import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import io.backupd.testing.Http;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code backupctl.jar controller} is killed with SIGKILL while several clients stream
 * job records into {@code POST /api/v2/system/notify}, three times over the same data folder:
 * after about 200 records, after about 2,000 more, and in the middle of a burst of batches
 * ({@code -Dcrash.rounds=N} repeats them for a soak). After
 * each kill a new controller starts on the same database with nothing repaired by hand, and
 * every record whose POST was answered 2xx, in this round or an earlier one, must be listed for
 * its app and readable by rid, in a state at least as far as the one acknowledged (a record
 * acknowledged {@code success} is never {@code running} again), and the store still takes writes.
 * Records in flight when the process died may or may not be there; that is what 2xx promises.
 */
class ControllerCrashEndToEndTest {
    private static final List<String> APPS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");
    /** {@code -Dcrash.rounds=30} cycles through the kill points that many times, as a soak run by hand. */
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    private static final String NODE = "127.0.0.1";
    private static final int CLIENTS = 6;
    private static final int BATCH = 25;
    private static final Duration START = Duration.ofSeconds(60);
    /**
     * A round on a slow machine that has not reached its count by then is killed all the same: what
     * is checked is what was acknowledged, not how fast; it must have acknowledged {@link #AT_LEAST}.
     */
    private static final Duration ROUND = Duration.ofSeconds(45);
    private static final int AT_LEAST = 100;
    /** Records of the test start here, one second apart, so listings have a stable order. */
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    /** Kept when the test fails: the database that would not open or lost records is the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    /** rid → what the controller acknowledged of it: its app, start and the furthest state. */
    private final Map<String, Acked> acked = new ConcurrentHashMap<>();
    /** rids in the order their first 2xx arrived; the last ones were committed just before a kill. */
    private final Queue<String> ackOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Acked(String app, Instant start, JobState state) {
        Acked advance(JobState to) {
            return to.isFinished() ? new Acked(app, start, to) : this;
        }
    }

    private enum Mode { SINGLE, BATCH }

    private record KillPoint(String name, Mode mode, int records) {
    }

    @Test
    void everyAcknowledgedRecordSurvivesKillNineAtThreeMoments() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Path data = dir.resolve("data");
        int port = FreePorts.on(NODE);
        // nothing listens on the daemon port: the controller's dispatch retries in the background
        String[] args = {"controller", "--apps", apps.toString(), "--nodes", NODE, "--data", data.toString(),
                "--addr", NODE + ":" + port, "--dport", Integer.toString(FreePorts.on(NODE))};
        Http http = new Http("http://" + NODE + ":" + port);

        List<KillPoint> points = List.of(
                new KillPoint("after ~200 single records", Mode.SINGLE, 200),
                new KillPoint("after ~2,000 more single records", Mode.SINGLE, 2_000),
                new KillPoint("during a burst of " + BATCH + "-record batches", Mode.BATCH, 1_000));
        KillPoint previous = null;
        for (int round = 1; round <= ROUNDS; round++) {
            KillPoint point = points.get((round - 1) % points.size());
            ControllerProcess controller = ControllerProcess.start(dir.resolve("backupctl-" + round + ".log"), args);
            try {
                awaitServing(controller, http, "round " + round + " start");
                if (previous != null) {
                    verify(http, controller, "after the kill " + previous.name());
                }
                stream(http, controller, point);
            } finally {
                controller.kill();
            }
            previous = point;
        }
        ControllerProcess last = ControllerProcess.start(dir.resolve("backupctl-final.log"), args);
        try {
            awaitServing(last, http, "the final start");
            verify(http, last, "after the kill " + previous.name());
            lateRunningReportsDoNotUndoSuccess(http);
            Http.Answer fresh = http.postJson("/api/v2/system/notify", Json.write(finish(record("after-all", "alpha", Instant.now()))));
            assertThat(fresh.status()).as("the recovered store still takes writes: %s", fresh.body()).isEqualTo(200);
        } finally {
            last.kill();
        }
    }

    /**
     * Streams from {@link #CLIENTS} threads until {@code point.records()} more records have been
     * acknowledged, then kills the controller while the clients are still posting.
     */
    private void stream(Http http, ControllerProcess controller, KillPoint point) throws InterruptedException {
        AtomicInteger ackedRecords = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Runnable client = point.mode() == Mode.SINGLE
                    ? () -> singles(http, stop, ackedRecords, unexpected)
                    : () -> batches(http, stop, ackedRecords, unexpected);
            Thread thread = new Thread(client, "notify-client-" + c);
            thread.start();
            clients.add(thread);
        }
        long deadline = System.nanoTime() + ROUND.toNanos();
        while (ackedRecords.get() < point.records() && System.nanoTime() < deadline && controller.isAlive()) {
            Thread.sleep(2);
        }
        int atKill = ackedRecords.get();
        boolean aliveAtKill = controller.isAlive();
        long startedAt = controller.startedAt;
        controller.kill();
        stop.set(true);
        for (Thread thread : clients) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        System.out.printf("kill -9 %s: %d records acknowledged in this round when killed%s (%d rids in all), %.1f s after start%n",
                point.name(), atKill, atKill < point.records() ? " (the round's time ran out first)" : "", acked.size(),
                (System.nanoTime() - startedAt) / 1e9);
        assertThat(aliveAtKill).as("backupctl died by itself before the kill %s; log:\n%s", point.name(), controller.output()).isTrue();
        assertThat(unexpected).as("answers other than 2xx while the controller was up (%s)", point.name()).isEmpty();
        assertThat(atKill).as("records acknowledged before the kill %s within %s; log:\n%s", point.name(), ROUND,
                controller.output()).isGreaterThanOrEqualTo(Math.min(AT_LEAST, point.records()));
    }

    /** One record per POST: {@code running}, then {@code success} for the same rid. */
    private void singles(Http http, AtomicBoolean stop, AtomicInteger ackedRecords, Queue<String> unexpected) {
        while (!stop.get()) {
            JobRecord running = newRun();
            if (!post(http, List.of(running), ackedRecords, unexpected)) {
                return;
            }
            if (!post(http, List.of(finish(running)), ackedRecords, unexpected)) {
                return;
            }
        }
    }

    /** Arrays of {@link #BATCH} records: the previous batch's runs finishing, and new runs starting. */
    private void batches(Http http, AtomicBoolean stop, AtomicInteger ackedRecords, Queue<String> unexpected) {
        List<JobRecord> started = List.of();
        while (!stop.get()) {
            List<JobRecord> batch = new ArrayList<>();
            started.forEach(r -> batch.add(finish(r)));
            List<JobRecord> starting = new ArrayList<>();
            while (batch.size() < BATCH) {
                JobRecord running = newRun();
                starting.add(running);
                batch.add(running);
            }
            if (!post(http, batch, ackedRecords, unexpected)) {
                return;
            }
            started = starting.subList(0, Math.min(starting.size(), BATCH / 2));
        }
    }

    /** Posts {@code records}; on 2xx notes each as acknowledged. False once the controller is gone. */
    private boolean post(Http http, List<JobRecord> records, AtomicInteger ackedRecords, Queue<String> unexpected) {
        Http.Answer answer;
        try {
            answer = http.postJson("/api/v2/system/notify", Json.write(records.size() == 1 ? records.get(0) : records));
        } catch (UncheckedIOException e) {
            return false; // killed: this POST was never acknowledged
        }
        if (answer.status() / 100 != 2) {
            unexpected.add(answer.status() + " " + answer.body());
            return false;
        }
        for (JobRecord record : records) {
            Acked before = acked.putIfAbsent(record.rid(), new Acked(record.app(), record.start(), record.state()));
            if (before == null) {
                ackOrder.add(record.rid());
            } else {
                acked.computeIfPresent(record.rid(), (rid, a) -> a.advance(record.state()));
            }
        }
        ackedRecords.addAndGet(records.size());
        return true;
    }

    private void verify(Http http, ControllerProcess controller, String when) {
        Map<String, JsonNode> stored = new HashMap<>();
        for (String app : APPS) {
            Http.Answer listing = http.get("/api/v2/app/" + app + "/cron/records?total=10000");
            if (listing.status() == 404) {
                continue; // an undeclared app without a single record: whatever was acknowledged for it is missing below
            }
            assertThat(listing.status()).as("%s: records of %s: %s", when, app, listing.body()).isEqualTo(200);
            assertThat(listing.body().size()).as("%s: %s's listing must be complete to be checked", when, app).isLessThan(10_000);
            Set<String> seen = new HashSet<>();
            for (JsonNode record : listing.body()) {
                String rid = record.get("rid").asText();
                assertThat(seen.add(rid)).as("%s: %s listed twice for %s", when, rid, app).isTrue();
                stored.put(rid, record);
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        acked.forEach((rid, expected) -> {
            JsonNode record = stored.get(rid);
            if (record == null) {
                missing.add(rid + " (" + expected.state() + ")");
                return;
            }
            String state = record.get("state").asText();
            boolean forward = expected.state().isFinished() ? state.equals(wire(expected.state())) : !state.equals("failed");
            if (!forward || !record.get("args").get("app").asText().equals(expected.app())
                    || !Instant.parse(record.get("start").asText()).equals(expected.start())) {
                wrong.add(rid + ": acknowledged " + expected + ", stored " + record);
            }
        });
        assertThat(missing).as("%s: %d of %d acknowledged records are not listed (data kept in %s); log:\n%s", when, missing.size(),
                acked.size(), dir, controller.output()).isEmpty();
        assertThat(wrong).as("%s: records stored in an earlier state or changed", when).isEmpty();
        System.out.printf("%s: all %d acknowledged rids listed, %d stored in all (the rest were in flight)%n",
                when, acked.size(), stored.size());

        // the newest acknowledgements were committed just before the kill: read each by rid too
        List<String> order = new ArrayList<>(ackOrder);
        for (String rid : order.subList(Math.max(0, order.size() - 100), order.size())) {
            Acked expected = acked.get(rid);
            Http.Answer one = http.get("/api/v2/app/" + expected.app() + "/cron/records/" + rid);
            assertThat(one.status()).as("%s: record %s by rid: %s", when, rid, one.body()).isEqualTo(200);
            if (expected.state().isFinished()) {
                assertThat(one.body().get("state").asText()).as("%s: state of %s", when, rid).isEqualTo(wire(expected.state()));
            }
        }
    }

    /** A retried {@code running} report arriving after the restart must not turn a success back. */
    private void lateRunningReportsDoNotUndoSuccess(Http http) {
        List<JobRecord> late = new ArrayList<>();
        acked.forEach((rid, a) -> {
            if (a.state() == JobState.SUCCESS && late.size() < 50) {
                late.add(new JobRecord(rid, "job-" + a.app(), "0 * * * *", "backup", new java.util.TreeMap<>(Map.of("app", a.app())),
                        JobType.CRON, false, NODE, JobState.RUNNING, a.start(), null, null, null));
            }
        });
        assertThat(late).isNotEmpty();
        Http.Answer answer = http.postJson("/api/v2/system/notify", Json.write(late));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("stored").asInt()).as("late running reports stored").isZero();
        for (JobRecord record : late) {
            JsonNode one = http.get("/api/v2/app/" + record.app() + "/cron/records/" + record.rid()).body();
            assertThat(one.get("state").asText()).as("state of %s after a late running report", record.rid()).isEqualTo("success");
        }
    }

    private static void awaitServing(ControllerProcess controller, Http http, String what) {
        Await.until("the controller to answer (" + what + ")", START, () -> {
            if (!controller.isAlive()) {
                throw new AssertionError("backupctl exited (" + what + "), data kept in " + dir + ":\n" + controller.output()
                        + "\nthe same start in-process on a copy of the data: " + startInProcess());
            }
            return http.get("/api/v2/system/state").status() == 200 ? Optional.of(true) : Optional.empty();
        });
    }

    /**
     * The process only prints a failed start's message; the same start in this JVM, on a copy of
     * the data, gives the stack trace that says where it failed.
     */
    private static String startInProcess() {
        try {
            Path copy = dir.resolve("diagnosis-" + System.nanoTime());
            try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(dir.resolve("data").relativize(file).toString()));
                }
            }
            ControllerConfig config = new ControllerConfig(NODE, 0, null, copy.resolve("backupctl.db"), FreePorts.on(NODE),
                    copy.resolve("volumes"), ZoneOffset.UTC, dir.resolve("apps"), List.of(NODE), Duration.ofSeconds(2),
                    Duration.ofSeconds(30), null);
            try (Controller started = Backupctl.start(config)) {
                return "it starts (port " + started.port() + ")";
            }
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        }
    }

    /** A new run: a unique rid, the apps in turn, starts one second apart. */
    private JobRecord newRun() {
        long n = sequence.incrementAndGet();
        return record("crash-" + n, APPS.get((int) (n % APPS.size())), EPOCH.plusSeconds(n));
    }

    private static JobRecord record(String rid, String app, Instant start) {
        Job job = Job.of("job-" + app, "0 * * * *", "backup", Map.of("app", app, "proc", app + ".web.web", "volume", "/data"),
                JobType.CRON);
        return JobRecord.started(rid, job, NODE, start);
    }

    private static JobRecord finish(JobRecord running) {
        return running.succeeded(running.start().plusSeconds(1), Map.of("key", running.rid() + ".tar.gz"));
    }

    private static String wire(JobState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The controller jar as a real process that this test can kill with SIGKILL
     * ({@link Process#destroyForcibly()}): no shutdown hook runs, nothing is flushed or closed.
     */
    private static final class ControllerProcess {
        private final Process process;
        private final Path log;
        private final long startedAt = System.nanoTime();

        private ControllerProcess(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static ControllerProcess start(Path log, String... args) throws IOException {
            Path jar = Path.of(System.getProperty("backupctl.jar", "missing-backupctl.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is not built; run the build before the end-to-end tests");
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ControllerProcess(process, log);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL, then waits until the process is gone (its file lock and port released). */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("backupctl pid " + process.pid() + " survived SIGKILL for 30 s");
            }
        }

        String output() {
            try {
                String text = Files.readString(log);
                return text.length() > 20_000 ? "…" + text.substring(text.length() - 20_000) : text;
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
