package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real thing: a restore in another JVM is killed with SIGKILL (destroyForcibly) while paused
 * at a step, and recovery in this JVM brings the volume to exactly old or exactly new content.
 */
class ProcessKillTest {
    private static final byte[] ARCHIVE = RestoreFixture.newContentArchive();
    private static final long DEADLINE_SECONDS = 30;

    @ParameterizedTest(name = "kill -9 at {0}")
    @CsvSource({
        "restore:extracted, OLD",
        "swap:moved-old:link, NEW",
        "swap:moved-new:shared, NEW",
    })
    void aRestoreKilledAtAStepIsRecovered(String step, String expected, @TempDir Path tmp) throws Exception {
        RestoreFixture probe = new RestoreFixture(tmp.resolve("probe"));
        Map<String, String> oldContent = TreeSnapshot.of(probe.volume);
        probe.restore(probe.restorer(CrashPoint.NONE), ARCHIVE, "r0");
        Map<String, String> newContent = TreeSnapshot.of(probe.volume);
        RestoreFixture fx = new RestoreFixture(tmp.resolve("fx"));
        long inode = TreeSnapshot.inode(fx.volume);
        Path archive = Files.write(tmp.resolve("archive.tar"), ARCHIVE);

        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingRestoreMain.class.getName(),
                fx.volume.toString(), fx.journalDir.toString(), archive.toString(), RestoreFixture.sha256(ARCHIVE), "r1", step)
                .redirectErrorStream(true)
                .start();
        try {
            awaitLine(process, "PAUSED " + step);
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("killed process exits").isTrue();
        }
        assertThat(process.exitValue()).isEqualTo(128 + 9);

        RecoveryReport report = fx.swap(CrashPoint.NONE).recover();

        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(expected.equals("NEW") ? newContent : oldContent);
        assertThat(report.actions()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(
                expected.equals("NEW") ? RecoveryReport.Outcome.NEW_CONTENT : RecoveryReport.Outcome.OLD_CONTENT));
        assertThat(TreeSnapshot.inode(fx.volume)).isEqualTo(inode);
        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    /** Reads the child's output until {@code wanted}; fails on exit or after the deadline, with the output. */
    private static void awaitLine(Process process, String wanted) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            lines.add("<EOF>");
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals("<EOF>")) {
                throw new AssertionError("child did not print '" + wanted + "' (" + (line == null ? "deadline" : "exited")
                        + "); output:\n" + seen);
            }
            seen.append(line).append('\n');
            if (line.equals(wanted)) {
                return;
            }
        }
    }
}
