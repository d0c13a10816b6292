package io.backupd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The built {@code backupctl.jar} started as a real {@code controller} process on loopback, over an
 * empty apps folder, with the JVM flags a user would give it; nothing listens on its daemon port,
 * so its dispatcher only retries in the background.
 */
final class ControllerProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final Process process;
    private final int port;
    private final Path log;

    private ControllerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the controller with {@code dataDir/backupctl.db} and waits until its API answers. */
    static ControllerProcess start(Path jar, String jvmFlags, Path dataDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not built: mvn -q -B -o install -DskipTests -pl common,cron-engine,backupd,backupctl");
        }
        Path apps = Files.createDirectories(dataDir.resolve("apps"));
        Path log = dataDir.resolve("backupctl.log");
        int port = freePort();
        List<String> command = JarProcesses.javaCommand(jvmFlags, jar, List.of("controller", "--apps", apps.toString(),
                "--nodes", HOST, "--data", dataDir.toString(), "--addr", HOST + ":" + port, "--dport",
                Integer.toString(freePort())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ControllerProcess controller = new ControllerProcess(process, port, log);
        try {
            controller.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException | InterruptedException e) {
            controller.close();
            throw e;
        }
        return controller;
    }

    String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    long pid() {
        return process.pid();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        JarProcesses.awaitReady(process, "backupctl", baseUrl() + "/api/v2/system/state", log, timeout);
    }

    /** SIGTERM, as systemd stops it; SIGKILL if it has not stopped in 30 s. */
    @Override
    public void close() {
        JarProcesses.stop(process);
    }

    private static int freePort() throws IOException {
        return JarProcesses.freePort(HOST);
    }
}
