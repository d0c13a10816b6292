package io.backupd.ctl.cluster.etcd;

import static org.assertj.core.api.Assertions.fail;

import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd on loopback for tests. {@link #stop()} and {@link #start()} keep the
 * same ports and data directory, so a restart looks to a client like the server coming back.
 * {@link #close()} stops it and deletes the data directory. Not thread-safe.
 */
final class EtcdServer implements AutoCloseable {
    /** Debian's etcd-server; {@code -Dbackupd.etcd.binary=...} points the tests at another build. */
    static final Path BINARY = Path.of(System.getProperty("backupd.etcd.binary", "/usr/bin/etcd"));
    private static final Duration READY_DEADLINE = Duration.ofSeconds(20);

    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path logFile;
    private Process process;

    private EtcdServer(int clientPort, int peerPort, Path workDir) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = workDir.resolve("data");
        this.logFile = workDir.resolve("etcd.log");
    }

    /** Starts a fresh server on free ports; fails the test (never skips) when etcd is not installed. */
    static EtcdServer launch() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: the etcd tests need a real etcd server. Run scripts/install-deps.sh "
                    + "(or apt-get install etcd-server etcd-client) and run the tests again.");
        }
        EtcdServer server = new EtcdServer(FreePorts.loopback(), FreePorts.loopback(), Files.createTempDirectory("etcd-test-"));
        server.start();
        return server;
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("etcd is already running");
        }
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder(List.of(BINARY.toString(),
                "--name", "default",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "default=" + peer))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitHealthy();
    }

    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void awaitHealthy() throws InterruptedException {
        Http health = new Http(endpoint());
        try {
            Await.until("etcd to answer /health", READY_DEADLINE, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("etcd exited with " + process.exitValue() + " before answering; its log:\n" + logTail());
                }
                Http.Answer answer = health.get("/health");
                return answer.status() == 200 && answer.body().path("health").asText().equals("true")
                        ? Optional.of(true) : Optional.empty();
            });
        } catch (AssertionError notHealthy) {
            boolean exited = !process.isAlive();
            stop();
            if (exited) {
                throw notHealthy;
            }
            fail("etcd did not become healthy within " + READY_DEADLINE + "; its log:\n" + logTail(), notHealthy);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
