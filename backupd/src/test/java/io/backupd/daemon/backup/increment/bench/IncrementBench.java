package io.backupd.daemon.backup.increment.bench;

import io.backupd.common.json.Json;
import io.backupd.daemon.backup.increment.IncrementRepository;
import io.backupd.daemon.backup.increment.RepositoryOptions;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-run benchmark harness (not a test). Two ways to run it:
 *
 * <pre>
 *   IncrementBench OP REPO ARGS...   one operation per process (cold JVM), for /usr/bin/time -v
 *   IncrementBench serve             operations read from stdin, one per line, in one JVM: how the
 *                                    daemon runs them (warm after the first); max RSS covers all
 *
 *   OP: backup REPO SOURCE | restore REPO TARGET [SNAPSHOT [PATTERN...]] | check REPO [read-data]
 *       | snapshots REPO | forget REPO OLDER_THAN_ISO | prune REPO
 * </pre>
 * Prints one JSON line per operation: its name, in-process milliseconds and result. System
 * properties: {@code level} (zstd level), {@code packThreads}, {@code readThreads}, {@code restoreThreads}.
 */
public final class IncrementBench {
    private IncrementBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("serve")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
                try {
                    run(line.trim().split("\\s+"));
                } catch (RuntimeException e) {
                    System.out.println("{\"op\":\"error\",\"message\":" + Json.write(String.valueOf(e)) + "}");
                }
                System.out.flush();
            }
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: IncrementBench serve | backup|restore|check|snapshots|forget|prune REPO [...]");
            System.exit(2);
        }
        run(args);
    }

    private static void run(String[] args) {
        RepositoryOptions defaults = RepositoryOptions.defaults();
        RepositoryOptions options = defaults
                .withCompressionLevel(Integer.getInteger("level", defaults.compressionLevel()))
                .withThreads(Integer.getInteger("packThreads", defaults.packThreads()),
                        Integer.getInteger("restoreThreads", defaults.restoreThreads()))
                .withReadThreads(Integer.getInteger("readThreads", defaults.readThreads()));
        IncrementRepository repo = new IncrementRepository(new FsRepositoryStorage(Path.of(args[1])), options);
        long start = System.nanoTime();
        Object result = switch (args[0]) {
            case "backup" -> repo.backup(Path.of(args[2]));
            case "restore" -> repo.restore(args.length > 3 ? args[3] : "latest",
                    args.length > 4 ? Arrays.asList(args).subList(4, args.length) : List.of("*"), Path.of(args[2]));
            case "check" -> repo.check(args.length > 2 && args[2].equals("read-data"));
            case "snapshots" -> repo.snapshots();
            case "forget" -> repo.forget(Instant.parse(args[2]));
            case "prune" -> repo.prune();
            default -> throw new IllegalArgumentException("unknown operation " + args[0]);
        };
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("{\"op\":\"" + args[0] + "\",\"ms\":" + ms + ",\"result\":" + Json.write(result) + "}");
    }
}
