package io.backupd.bench.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs shell commands: set-up steps (untimed; a failure stops the bench with the command's
 * output), and peer tools timed by GNU time. Commands run in {@code bash -c} with
 * {@code pipefail}, so a failing stage of a pipeline fails the command. Paths given to commands
 * are quoted with {@link #q}.
 */
final class Shell {
    /** What GNU time reports for a whole command: wall, user and system CPU of all its processes, and
     * the largest resident set of any single one of them (getrusage of children keeps the maximum). */
    record Timed(double wallSeconds, double userSeconds, double sysSeconds, long maxRssKiB) {
        double cpuSeconds() {
            return userSeconds + sysSeconds;
        }
    }

    private final Path scratch;
    private final Map<String, String> env;

    Shell(Path scratch, Map<String, String> env) {
        this.scratch = scratch;
        this.env = Map.copyOf(env);
    }

    /** Runs {@code command} and returns its standard output; IllegalStateException when it fails. */
    String run(String command) throws IOException, InterruptedException {
        Path out = scratch.resolve("cmd.out");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + command))
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        int code = pb.start().waitFor();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException("command failed (exit " + code + "): " + command + "\n" + tail(output));
        }
        return output;
    }

    /** Runs {@code command} under {@code /usr/bin/time}; IllegalStateException when it fails. */
    Timed timed(String command) throws IOException, InterruptedException {
        Path times = scratch.resolve("time.txt");
        Path out = scratch.resolve("timed.out");
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString(),
                "bash", "-c", "set -o pipefail; " + command)).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        int code = pb.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("command failed (exit " + code + "): " + command + "\n"
                    + tail(Files.readString(out, StandardCharsets.UTF_8)));
        }
        List<String> lines = Files.readAllLines(times);
        String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
        return new Timed(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]));
    }

    /** Reads every file of {@code dir} into the page cache, as the archive bench does ({@code tar | cat}: GNU
     * tar reads nothing when it writes to /dev/null itself). */
    void warmTree(Path dir) throws IOException, InterruptedException {
        run("tar -cf - -C " + q(dir) + " . | cat > /dev/null");
    }

    void warmFile(Path file) throws IOException, InterruptedException {
        run("cat " + q(file) + " > /dev/null");
    }

    /** Writes dirty pages out, so that a measurement does not pay for the one before it. */
    void sync() throws IOException, InterruptedException {
        run("sync");
    }

    /** Apparent size in bytes of everything under {@code dir} (0 when it does not exist). */
    long du(Path dir) throws IOException, InterruptedException {
        if (!Files.exists(dir)) {
            return 0;
        }
        return Long.parseLong(run("du -sb " + q(dir)).trim().split("\\s+")[0]);
    }

    /** Fails with the first differences when the two trees differ in content, names or types. */
    void sameTree(Path expected, Path actual, String what) throws IOException, InterruptedException {
        String diff = run("diff -rq --no-dereference " + q(expected) + " " + q(actual) + " 2>&1 | head -20; true");
        if (!diff.isBlank()) {
            throw new IllegalStateException(what + ": restored tree " + actual + " differs from " + expected + ":\n" + diff);
        }
        System.out.println("  verified: " + what + " = the source, file for file (diff -r)");
    }

    static String q(Path path) {
        return q(path.toString());
    }

    static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - 20);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
