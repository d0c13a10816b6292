package io.backupd.e2e;

import static org.assertj.core.api.Assertions.fail;

import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member etcd on loopback, with {@code etcdctl} for the test's writes. {@link #stop()}
 * and {@link #start()} keep ports and data, so a restart looks to clients like the server coming
 * back. A missing etcd fails the test (never a skip): {@code scripts/install-deps.sh} installs it.
 */
final class EtcdProcess implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("backupd.etcd.binary", "/usr/bin/etcd"));
    static final Path ETCDCTL = Path.of(System.getProperty("backupd.etcdctl.binary", "/usr/bin/etcdctl"));

    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path log;
    private Process process;

    private EtcdProcess(int clientPort, int peerPort, Path workDir) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = workDir.resolve("etcd-data");
        this.log = workDir.resolve("etcd.log");
    }

    static EtcdProcess launch(Path workDir) throws IOException {
        for (Path binary : List.of(BINARY, ETCDCTL)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the cluster tests need a real etcd. Run scripts/install-deps.sh"
                        + " (or apt-get install etcd-server etcd-client) and run them again.");
            }
        }
        EtcdProcess etcd = new EtcdProcess(FreePorts.on("127.0.0.1"), FreePorts.on("127.0.0.1"), workDir);
        etcd.start();
        return etcd;
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    void start() throws IOException {
        String client = endpoint();
        String peer = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder(List.of(BINARY.toString(), "--name", "e2e", "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "e2e=" + peer))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Await.until("etcd to answer", Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("etcd exited with " + process.exitValue() + "; see " + log);
            }
            return ctl(false, "endpoint", "health").contains("is healthy") ? Optional.of(true) : Optional.empty();
        });
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Puts {@code value} at {@code key}; returns the revision of the write. */
    long put(String key, String value) {
        ctl(true, "put", key, value);
        return revision();
    }

    void delete(String key) {
        ctl(true, "del", key);
    }

    /** The current revision of the store. */
    long revision() {
        String json = ctl(true, "get", "--write-out=json", "/");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"revision\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no revision in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** Discards the history up to {@code revision}: a watch that needs older events gets "compacted". */
    void compact(long revision) {
        ctl(true, "compact", Long.toString(revision));
    }

    private String ctl(boolean mustSucceed, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + endpoint(), "--command-timeout=5s"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("ETCDCTL_API", "3");
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean done = p.waitFor(15, TimeUnit.SECONDS);
            if (mustSucceed && (!done || p.exitValue() != 0)) {
                throw new AssertionError("etcdctl " + String.join(" ", args).replaceAll("\\s+", " ").substring(0,
                        Math.min(80, String.join(" ", args).length())) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run etcdctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
