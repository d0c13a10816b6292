package io.backupd.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One of the project's runnable jars started as a real process, its output kept in a log file. */
final class RunningJar implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RunningJar(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunningJar start(String jarProperty, Path log, String... args) throws IOException {
        return start(jarProperty, log, java.util.Map.of(), args);
    }

    /** As {@link #start(String, Path, String...)}, with {@code env} added to the process environment. */
    static RunningJar start(String jarProperty, Path log, java.util.Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty(jarProperty, "missing-" + jarProperty));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not built; run the build before the end-to-end tests");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        return new RunningJar(process, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks the process to stop (SIGTERM), then kills it if it has not stopped in time. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
