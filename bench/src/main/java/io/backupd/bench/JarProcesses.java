package io.backupd.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What the benches do with the jars they start as processes: build the command line, wait until one
 * answers, stop it, pick a port.
 */
public final class JarProcesses {
    private JarProcesses() {
    }

    /** {@code java <jvmFlags> -jar <jar> <args>}, with this JVM's {@code java}; flags are split at spaces. */
    public static List<String> javaCommand(String jvmFlags, Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!jvmFlags.isBlank()) {
            command.addAll(Arrays.asList(jvmFlags.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** Returns once {@code url} answers 200; fails when {@code process} exits first or {@code timeout} passes. */
    public static void awaitReady(Process process, String name, String url, Path log, Duration timeout)
            throws InterruptedException {
        OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                if (response.code() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer within " + timeout + "; see " + log);
    }

    /** SIGTERM, as systemd stops it; SIGKILL if it has not stopped in 30 s. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }
}
