package io.backupd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.common.json.Json;
import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import io.backupd.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code backupd.jar} restoring a large volume (2,000 files, 50 MB) is killed with
 * SIGKILL at several moments of the restore, timed by what the daemon shows: right after the 202,
 * while it verifies the archive's digest, while it extracts, once it has read the whole archive,
 * and when its journal on disk says the swap is under way or committed. After each kill a new
 * daemon starts over the same folders; the volume must then hold exactly its old or exactly its
 * new content ({@code diff -r --no-dereference} plus modes and symlink targets), with no staging
 * or old folder and no journal left, and the run's record must be {@code failed} or
 * {@code success}, never {@code running}. A moment the restore finished before is reported as
 * missed; the invariants are checked all the same.
 */
class DaemonRestoreKillTest {
    private static final String NODE = "127.0.0.1";
    private static final String VOLUME = "hello/hello.web.web/1/data";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RESTORE = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private Path volumes;
    private Path volume;
    private Daemon daemon;
    private int starts;

    private enum Moment {
        NO_KILL, AFTER_202, VERIFYING, EXTRACTING, ARCHIVE_READ, JOURNAL_SWAPPING, JOURNAL_COMMITTED
    }

    private record Outcome(Moment moment, String seenAtKill, long killedAfterMs, String content, String state, String reason,
                           String recovery) {
    }

    @Test
    void aRestoreKilledAtAnyMomentLeavesTheVolumeOldOrNewAndItsRecordFinished() throws Exception {
        volumes = Files.createDirectories(dir.resolve("volumes"));
        volume = Files.createDirectories(volumes.resolve(VOLUME));
        fill(volume);
        long inode = inode(volume);
        daemon = start();
        String name = backup();
        Path newContent = copy(volume, dir.resolve("new"));
        long size = daemon.http.get("/api/v1/backup/info/file/" + name).body().get("size").asLong();

        List<Outcome> outcomes = new ArrayList<>();
        try {
            int round = 0;
            for (Moment moment : Moment.values()) {
                round++;
                change(volume, round);
                Path oldContent = copy(volume, dir.resolve("old-" + round));
                outcomes.add(restoreAndKill(name, size, moment, oldContent, newContent));
                assertThat(inode(volume)).as("the volume directory keeps its inode").isEqualTo(inode);
            }
        } finally {
            System.out.println("restore kill test, archive " + size + " bytes:");
            outcomes.forEach(o -> System.out.println("  " + o));
            daemon.stop();
        }
        assertThat(outcomes).filteredOn(o -> o.moment() == Moment.NO_KILL).singleElement()
                .satisfies(o -> assertThat(o.state()).isEqualTo("success"));
        assertThat(outcomes).as("some kills landed before the swap").anyMatch(o -> o.content().equals("OLD") && o.state().equals("failed"));
    }

    private Outcome restoreAndKill(String name, long size, Moment moment, Path oldContent, Path newContent) throws Exception {
        Http.Answer accepted = daemon.http.post("/api/v1/backup/full/recover/file/" + name, Map.of());
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        String rid = accepted.body().get("rid").asText();
        long posted = System.nanoTime();
        Path journal = volumes.resolve(".backupd-restore/" + rid + ".journal");

        String seen = switch (moment) {
            case NO_KILL -> "not killed";
            case AFTER_202 -> "202 answered";
            case VERIFYING -> awaitProgress(rid, done -> done > 0 && done < size);
            case EXTRACTING -> awaitProgress(rid, done -> done > size && done < 2 * size);
            case ARCHIVE_READ -> awaitProgress(rid, done -> done == 2 * size);
            case JOURNAL_SWAPPING -> awaitJournal(rid, journal, "\"SWAPPING\"");
            case JOURNAL_COMMITTED -> awaitJournal(rid, journal, "\"COMMITTED\"");
        };
        String phaseAtKill = "";
        long killedAfterMs = (System.nanoTime() - posted) / 1_000_000;
        if (moment != Moment.NO_KILL) {
            daemon.kill();
            phaseAtKill = phase(journal);
            daemon = start();
        }

        JsonNode record = Await.until("record " + rid + " to be finished", RESTORE, () -> {
            Http.Answer answer = daemon.http.get("/api/v1/cron/record/" + rid);
            assertThat(answer.status()).as("record %s after the restart: %s", rid, answer.body()).isEqualTo(200);
            return answer.body().get("state").asText().equals("running") ? Optional.empty() : Optional.of(answer.body());
        });
        String state = record.get("state").asText();
        String content = sameTree(newContent, volume) ? "NEW" : sameTree(oldContent, volume) ? "OLD" : "MIXED";
        assertThat(content).as("after a kill %s (%s), the volume must be exactly old or new; log:\n%s", moment, seen,
                daemon.log()).isNotEqualTo("MIXED");
        assertThat(state).isIn("success", "failed");
        if (state.equals("success")) {
            assertThat(content).isEqualTo("NEW");
        }
        String reason = record.path("reason").asText("");
        if (state.equals("failed") && content.equals("NEW")) {
            assertThat(reason).as("a failed record whose volume got the new content says so").contains("holds the restored content");
        }
        if (reason.contains("holds its content from before")) {
            assertThat(content).isEqualTo("OLD");
        }
        assertThat(names(volume.getParent())).as("no staging or old folder left").containsExactly("data");
        assertThat(names(volumes.resolve(".backupd-restore"))).as("no journal left").isEmpty();
        String recovery = "-";
        for (JsonNode action : daemon.http.get("/api/v1/debug").body().at("/restoreRecovery/actions")) {
            if (action.get("rid").asText().equals(rid)) {
                recovery = action.get("phase").asText() + "→" + action.get("outcome").asText();
                assertThat(action.get("outcome").asText()).isEqualTo(content.equals("NEW") ? "NEW_CONTENT" : "OLD_CONTENT");
            }
        }
        if (!phaseAtKill.isEmpty()) {
            assertThat(recovery).as("the journal left at the kill (%s) was settled", phaseAtKill).isNotEqualTo("-");
            seen += ", journal " + phaseAtKill;
        }
        if (moment == Moment.NO_KILL) {
            seen += ", restore took " + record.at("/result/durationMs").asLong() + " ms";
        }
        return new Outcome(moment, seen, killedAfterMs, content, state, record.get("reason").asText(), recovery);
    }

    /** Polls {@code /debug} as fast as it answers until the run's progress matches; "missed" when the run ended first. */
    private String awaitProgress(String rid, Predicate<Long> moment) {
        Instant deadline = Instant.now().plus(RESTORE);
        while (Instant.now().isBefore(deadline)) {
            JsonNode debug = daemon.http.get("/api/v1/debug").body();
            boolean running = false;
            for (JsonNode run : debug.get("running")) {
                if (run.get("rid").asText().equals(rid)) {
                    running = true;
                    long done = run.at("/progress/bytesDone").asLong();
                    if (moment.test(done)) {
                        return "progress " + done + "/" + run.at("/progress/bytesTotal").asLong();
                    }
                }
            }
            if (!running && finished(rid)) {
                return "missed: the restore finished first";
            }
        }
        throw new AssertionError("restore " + rid + " did not get there within " + RESTORE);
    }

    /** Reads the journal file in a tight loop (the swap takes milliseconds) until it holds {@code phase}. */
    private String awaitJournal(String rid, Path journal, String phase) {
        Instant deadline = Instant.now().plus(RESTORE);
        long polls = 0;
        while (Instant.now().isBefore(deadline)) {
            if (phase(journal).equals(phase.replace("\"", ""))) {
                return "journal " + phase.replace("\"", "") + " on disk";
            }
            if (++polls % 2000 == 0 && finished(rid)) {
                return "missed: the restore finished first";
            }
        }
        throw new AssertionError("restore " + rid + " did not get there within " + RESTORE);
    }

    private boolean finished(String rid) {
        Http.Answer answer = daemon.http.get("/api/v1/cron/record/" + rid);
        return answer.status() == 200 && !answer.body().get("state").asText().equals("running");
    }

    /** The journal's phase, or "" when there is none (a read racing its atomic rename sees the old or new file). */
    private static String phase(Path journal) {
        try {
            String text = Files.readString(journal);
            for (String phase : List.of("STAGING", "SWAPPING", "COMMITTED", "ROLLING_BACK", "ROLLED_BACK")) {
                if (text.contains("\"" + phase + "\"")) {
                    return phase;
                }
            }
            return "?";
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String backup() {
        Map<String, String> args = Map.of("app", "hello", "proc", "hello.web.web", "instanceNo", "1", "volume", "/data",
                "mode", "full");
        Job job = Job.of(JobIds.of(NODE, "0 0 1 1 *", "backup", args), "0 0 1 1 *", "backup", args, JobType.CRON);
        Http.Answer put = daemon.http.put("/api/v1/cron/jobs", Map.of("data", Json.write(List.of(job)), "version", "v1"));
        assertThat(put.status()).as("%s", put.body()).isEqualTo(200);
        Http.Answer run = daemon.http.post("/api/v1/cron/jobs/" + job.id() + "/actions/run", Map.of());
        assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
        String rid = run.body().get("rid").asText();
        JsonNode record = Await.until("the backup " + rid, RESTORE, () -> {
            JsonNode r = daemon.http.get("/api/v1/cron/record/" + rid).body();
            return r.get("state").asText().equals("running") ? Optional.empty() : Optional.of(r);
        });
        assertThat(record.get("state").asText()).as("%s", record).isEqualTo("success");
        return record.at("/result/name").asText();
    }

    private Daemon start() throws IOException {
        int port = FreePorts.on(NODE);
        Path log = dir.resolve("daemon-" + ++starts + ".log");
        Daemon started = Daemon.start(log, "daemon", "--addr", NODE + ":" + port, "--ip", NODE,
                "--storage", "fs:" + dir.resolve("store"), "--volume-root", volumes.toString(), "--data", dir.resolve("data").toString(),
                "--hooks", "local", "--workers", "2", "--catch-up-window", "0s");
        started.http = new Http("http://" + NODE + ":" + port);
        Await.until("backupd to answer on port " + port, START, () -> {
            assertThat(started.process.isAlive()).as("backupd exited:\n%s", started.log()).isTrue();
            return started.http.get("/api/v1/debug").status() == 200 ? Optional.of(true) : Optional.empty();
        });
        return started;
    }

    /** 2,000 files of 25 KB of incompressible bytes (50 MB) in 40 folders and 20 top-level files, with modes and symlinks. */
    private static void fill(Path volume) throws IOException {
        Random random = new Random(42);
        byte[] content = new byte[25_000];
        for (int d = 0; d < 40; d++) {
            Path folder = Files.createDirectories(volume.resolve(String.format("d%02d/sub", d)));
            for (int f = 0; f < 49; f++) {
                random.nextBytes(content);
                Files.write(folder.resolve("f" + f + ".bin"), content);
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(d % 2 == 0 ? "rwxr-x---" : "rwx------"));
        }
        for (int f = 0; f < 40; f++) {
            random.nextBytes(content);
            Files.write(volume.resolve("top-" + f + ".bin"), content);
        }
        Files.setPosixFilePermissions(volume.resolve("top-0.bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(volume.resolve("current"), Path.of("d00/sub/f0.bin"));
        Files.createSymbolicLink(volume.resolve("d01/abs"), Path.of("/etc/hostname"));
    }

    /** Edits, deletes and adds files, differently in each round, so each round's old content is its own. */
    private static void change(Path volume, int round) throws IOException {
        Files.writeString(volume.resolve("top-1.bin"), "round " + round + "\n");
        Files.deleteIfExists(volume.resolve(String.format("d%02d/sub/f3.bin", round)));
        Files.writeString(volume.resolve("added-" + round + ".txt"), "added in round " + round + "\n");
        Files.createDirectories(volume.resolve("new-dir-" + round + "/x"));
        Files.setPosixFilePermissions(volume.resolve("top-0.bin"), PosixFilePermissions.fromString("rw-------"));
    }

    private static Path copy(Path from, Path to) {
        String out = run("cp", "-a", from.toString(), to.toString());
        assertThat(out).isEmpty();
        return to;
    }

    /** {@code diff -r --no-dereference} finds nothing, and modes and symlink targets agree. */
    private static boolean sameTree(Path expected, Path actual) {
        Process diff;
        try {
            diff = new ProcessBuilder("diff", "-r", "-q", "--no-dereference", expected.toString(), actual.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(diff.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return diff.exitValue() == 0 && modes(expected).equals(modes(actual));
    }

    private static List<String> modes(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).sorted().map(p -> {
                try {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    String link = Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : "";
                    return root.relativize(p) + " " + Integer.toOctalString(mode) + link;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long inode(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("%s: %s", List.of(command), out).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The daemon jar as a process this test can SIGKILL ({@link Process#destroyForcibly()} on Linux). */
    private static final class Daemon {
        final Process process;
        final Path log;
        Http http;

        private Daemon(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Daemon start(Path log, String... args) throws IOException {
            Path jar = Path.of(System.getProperty("backupd.jar", "missing-backupd.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is not built; run the build before the end-to-end tests");
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString()));
            command.addAll(List.of(args));
            return new Daemon(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        }

        /** SIGKILL: no shutdown hook, no cleanup, exactly as a crash. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        }

        /** SIGTERM, then SIGKILL if it has not stopped in time. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }

        String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
