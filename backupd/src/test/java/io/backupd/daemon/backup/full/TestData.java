package io.backupd.daemon.backup.full;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Deterministic inputs of the shapes a volume holds, and a way to run the real CLI tools. */
final class TestData {

    private static final String[] WORDS = {"alpha", "beta", "request", "user", "cache", "miss", "hit", "db",
        "pool", "timeout", "retry", "GET", "POST", "/api/v2/items", "latency_ms", "status", "200", "404",
        "session", "token", "billing", "scheduler", "worker", "queue", "commit", "rollback"};

    private TestData() {
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Log lines: compresses to about a third at level 6. */
    static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(n + 200);
        long t = 1_700_000_000_000L;
        while (sb.length() < n) {
            t += r.nextInt(1000);
            sb.append(t).append(" INFO [").append(WORDS[r.nextInt(WORDS.length)]).append("] ");
            for (int i = 0, k = 3 + r.nextInt(8); i < k; i++) {
                sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            sb.append("id=").append(Long.toHexString(r.nextLong())).append('\n');
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    /** 16 equally likely symbols, no structure: Huffman gets 4 bits a byte, string matching nothing. */
    static byte[] lowEntropy(int n, long seed) {
        byte[] b = random(n, seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('0' + (b[i] & 15));
        }
        return b;
    }

    /** 64 KiB runs of random, text, low-entropy and zero bytes, like the benchmark's blobs. */
    static byte[] mixed(int n, long seed) {
        Random r = new Random(seed);
        byte[] out = new byte[n];
        for (int at = 0; at < n; at += 65536) {
            int len = Math.min(65536, n - at);
            byte[] run = switch (r.nextInt(4)) {
                case 0 -> random(len, r.nextLong());
                case 1 -> text(len, r.nextLong());
                case 2 -> lowEntropy(len, r.nextLong());
                default -> new byte[len];
            };
            System.arraycopy(run, 0, out, at, len);
        }
        return out;
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Runs a command with {@code stdin} as its input; returns its standard output, failing on a non-zero exit. */
    static byte[] run(List<String> command, Path stdin) throws IOException, InterruptedException {
        Path err = Files.createTempFile("cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return out.toByteArray();
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
