package io.backupd.bench.daemon;

import io.backupd.bench.JarProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The built {@code backupd.jar} started as a real {@code daemon} process on a free loopback port,
 * with local hooks (no Docker here) and the JVM flags a user would give it. It inherits the
 * driver's nice value, so it runs at the same priority as the peer tools.
 */
final class DaemonProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final Process process;
    private final int port;
    private final Path log;

    private DaemonProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the daemon over {@code layout}'s folders and waits until {@code /api/v1/debug} answers.
     *
     * @param mallocArenas MALLOC_ARENA_MAX for the daemon (as {@code docker/systemd/backupd.service}
     *                     sets it), or blank for glibc's default
     */
    static DaemonProcess start(Path jar, String jvmFlags, String mallocArenas, BenchLayout layout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not built: mvn -q -B -o -DskipTests package (at the repository root)");
        }
        Files.createDirectories(layout.state());
        Files.createDirectories(layout.storage());
        Files.createDirectories(layout.volumes());
        Path log = layout.work().resolve("backupd.log");
        int port = freePort();
        List<String> command = JarProcesses.javaCommand(jvmFlags, jar, List.of("daemon", "--addr", HOST + ":" + port,
                "--ip", HOST, "--storage", "fs:" + layout.storage(), "--volume-root", layout.volumes().toString(),
                "--data", layout.state().toString(), "--hooks", "local"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (mallocArenas.isBlank()) {
            builder.environment().remove("MALLOC_ARENA_MAX");
        } else {
            builder.environment().put("MALLOC_ARENA_MAX", mallocArenas);
        }
        Process process = builder.start();
        DaemonProcess daemon = new DaemonProcess(process, port, log);
        try {
            daemon.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException | InterruptedException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        JarProcesses.awaitReady(process, "backupd", baseUrl() + "/api/v1/debug", log, timeout);
    }

    /** SIGTERM, as systemd stops it; SIGKILL if it has not stopped in 30 s. */
    @Override
    public void close() {
        JarProcesses.stop(process);
    }

    static int freePort() throws IOException {
        return JarProcesses.freePort(HOST);
    }
}
