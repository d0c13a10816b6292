package io.backupd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.testing.Await;
import io.backupd.testing.FreePorts;
import io.backupd.testing.Http;
import io.backupd.http.auth.ClusterSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole cluster on loopback, every part a real process: etcd, two daemons ({@code 127.0.0.2} and
 * {@code 127.0.0.3}, one port number on both, as the controller's {@code --dport} demands) sharing
 * one fs storage, each with its own volume root, and a controller watching etcd. Lain's deployd is
 * played by the test writing pod groups into etcd. {@link #close()} stops everything, whatever
 * failed before.
 */
final class Cluster implements AutoCloseable {
    static final String NODE2 = "127.0.0.2";
    static final String NODE3 = "127.0.0.3";
    static final String PREFIX = "/lain/deployd/pod_groups/";
    private static final Duration READY = Duration.ofSeconds(60);

    final Path dir;
    final Path storage;
    final EtcdProcess etcd;
    final int dport;
    final int ctlPort;
    final Http ctl;
    /** The cluster secret file every process is given; null when the cluster runs without one. */
    final Path secretFile;
    /** The cluster's certificates; null when it runs plain HTTP. */
    final ClusterTls tls;
    private final Map<String, Http> daemonHttp;
    private final Map<String, RunningJar> daemons = new java.util.LinkedHashMap<>();
    private RunningJar controller;

    private Cluster(Path dir, EtcdProcess etcd, int dport, int ctlPort, Path secretFile, ClusterTls tls) {
        this.dir = dir;
        this.storage = dir.resolve("storage");
        this.etcd = etcd;
        this.dport = dport;
        this.ctlPort = ctlPort;
        this.secretFile = secretFile;
        this.tls = tls;
        this.ctl = http(ClusterTls.CONTROLLER, ctlPort, Map.of());
        // as the controller calls them: with its credential when there is a secret
        Map<String, String> asController = secretFile == null ? Map.of()
                : Map.of("Authorization", "Bearer " + ClusterSecret.load(secretFile).controllerToken());
        this.daemonHttp = Map.of(NODE2, http(NODE2, dport, asController), NODE3, http(NODE3, dport, asController));
    }

    /** A client for a process of this cluster: https trusting the cluster's CAs when it has certificates. */
    Http http(String ip, int port, Map<String, String> headers) {
        return tls == null ? new Http("http://" + ip + ":" + port, headers) : tls.http(ip, port, headers);
    }

    private String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Starts etcd, puts every fixture pod group, starts both daemons and the controller, and waits until all answer. */
    static Cluster start(Path dir) throws Exception {
        return start(dir, null, null);
    }

    /** As {@link #start(Path)}, every daemon and the controller given {@code --cluster-secret-file secretFile}. */
    static Cluster startWithSecret(Path dir) throws Exception {
        return start(dir, secretFile(dir), null);
    }

    /**
     * As {@link #startWithSecret(Path)}, every process also serving HTTPS with a certificate of
     * {@link ClusterTls} and trusting its CA; the controller calls the daemons over https.
     */
    static Cluster startWithTls(Path dir, ClusterTls tls) throws Exception {
        return start(dir, secretFile(dir), tls);
    }

    private static Path secretFile(Path dir) throws IOException {
        Path secretFile = dir.resolve("cluster-secret");
        Files.writeString(secretFile, java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(32)) + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        return secretFile;
    }

    private static Cluster start(Path dir, Path secretFile, ClusterTls tls) throws Exception {
        EtcdProcess etcd = EtcdProcess.launch(dir);
        Cluster cluster = new Cluster(dir, etcd, portFreeOnBoth(), FreePorts.on("127.0.0.1"), secretFile, tls);
        try {
            for (String proc : List.of("hello.web.web", "hello.worker.worker", "plain.web.web", "broken.web.web")) {
                etcd.put(key(proc), fixture(proc));
            }
            Path bin = cluster.hookScripts();
            for (String node : List.of(NODE2, NODE3)) {
                cluster.daemons.put(node, cluster.startDaemon(node, bin));
            }
            cluster.startController();
            for (String node : List.of(NODE2, NODE3)) {
                Await.until("daemon " + node + " to answer", READY, () -> cluster.daemon(node).get("/healthz").status() == 200
                        ? Optional.of(true) : Optional.empty());
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    Http daemon(String node) {
        return daemonHttp.get(node);
    }

    static String key(String proc) {
        return PREFIX + proc.substring(0, proc.indexOf('.')) + "/" + proc;
    }

    /** A pod group value from {@code common/src/test/resources/fixtures/etcd}. */
    static String fixture(String proc) {
        try {
            return Files.readString(Path.of(System.getProperty("etcd.fixtures", "missing-etcd.fixtures"), proc + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + proc + " (system property etcd.fixtures)", e);
        }
    }

    /** Where instance {@code instanceNo}'s {@code volume} lives on {@code node}. */
    Path volume(String node, String proc, int instanceNo, String volume) {
        return dir.resolve("root-" + node).resolve(proc.substring(0, proc.indexOf('.'))).resolve(proc)
                .resolve(Integer.toString(instanceNo)).resolve(volume.substring(1));
    }

    void startController() throws IOException {
        controller = RunningJar.start("backupctl.jar", dir.resolve("backupctl.log"), withSecret(tls == null ? List.of() : tls.controllerFlags(), "controller",
                "--etcd", etcd.endpoint(), "--addr", ClusterTls.CONTROLLER + ":" + ctlPort,
                "--advertise", scheme() + "://" + ClusterTls.CONTROLLER + ":" + ctlPort, "--daemon-scheme", scheme(),
                "--dport", Integer.toString(dport), "--data", dir.resolve("ctl").toString(), "--reconcile", "2", "--zone", "UTC"));
        Await.until("the controller to answer and see etcd", READY, () -> {
            assertThat(controller.isAlive()).as("backupctl exited:\n%s", controller.output()).isTrue();
            Http.Answer state = ctl.get("/api/v2/system/state");
            return state.status() == 200 && state.body().at("/source/connected").asBoolean() ? Optional.of(state) : Optional.empty();
        });
    }

    void stopController() throws InterruptedException {
        if (controller != null) {
            controller.close();
            controller = null;
        }
    }

    /** Stops one daemon for good (the node goes dark). */
    void stopDaemon(String node) throws InterruptedException {
        daemons.get(node).close();
    }

    String controllerLog() {
        return controller == null ? "(controller stopped)" : controller.output();
    }

    private RunningJar startDaemon(String node, Path bin) throws IOException {
        return RunningJar.start("backupd.jar", dir.resolve("backupd-" + node + ".log"),
                Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                withSecret(tls == null ? List.of() : tls.daemonFlags(node), "daemon", "--addr", node + ":" + dport, "--ip", node, "--storage", "fs:" + storage,
                        "--volume-root", dir.resolve("root-" + node).toString(), "--data", dir.resolve("data-" + node).toString(),
                        "--hooks", "local", "--zone", "UTC"));
    }

    /** {@code args}, then {@code --cluster-secret-file} when the cluster has a secret, then {@code tlsFlags}. */
    private String[] withSecret(List<String> tlsFlags, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        if (secretFile != null) {
            all.addAll(List.of("--cluster-secret-file", secretFile.toString()));
        }
        all.addAll(tlsFlags);
        return all.toArray(String[]::new);
    }

    /** The fixtures' pre_run/post_run ({@code backup.sh}, {@code end-backup.sh}) as scripts on the daemons' PATH. */
    private Path hookScripts() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String name : List.of("backup.sh", "end-backup.sh")) {
            Path script = bin.resolve(name);
            Files.writeString(script, "#!/bin/sh\necho " + name + " ran in $(pwd)\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    /** A port free on both daemon addresses right now. */
    private static int portFreeOnBoth() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(NODE2))) {
                int port = first.getLocalPort();
                try (ServerSocket second = new ServerSocket(port, 1, InetAddress.getByName(NODE3))) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free on both " + NODE2 + " and " + NODE3);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stopController();
        } finally {
            try {
                for (RunningJar daemon : daemons.values()) {
                    daemon.close();
                }
            } finally {
                etcd.close();
            }
        }
    }
}
