package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.bench.Args;
import io.backupd.bench.Stats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Backup and restore through a running {@code backupd daemon}, timed from the HTTP request to the
 * finished record, against GNU tar + gzip/pigz/zstd, restic and rsync in the same rounds. Run by
 * {@code bench/daemon.sh} (which installs the peers, builds, makes the dataset); see the README's
 * "Daemon" section for the scenarios and columns.
 *
 * <p>Usage: {@code DaemonBench jar=backupd.jar dataset=DIR gen=gen-dataset.py results=FILE.csv
 * [work=DIR] [runs=3] [jvm="-Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000"] [threads=2] [restoreFs=tmpfs|ext4] [restoreMiB=N]
 * [verify=first|all|none] [poll=1000] [sample=50] [scenarios=full,inc,busy] [fullTools=ours,tar-zstd,…] [mallocArenas=2] [warmup=true] [keep=false]}.
 * Needs root: restores go into freshly mounted file systems.
 */
public final class DaemonBench {
    /** The daemon's JVM flags as {@code docker/systemd/backupd.service} runs it. */
    static final String SHIPPED_JVM = "-Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000";

    private DaemonBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args);
        Path jar = Path.of(required(opts, "jar")).toAbsolutePath();
        BenchLayout layout = new BenchLayout(Path.of(required(opts, "dataset")), Path.of(Args.of(opts, "work", "data/daemon-work")));
        Path generator = Path.of(required(opts, "gen")).toAbsolutePath();
        Path results = Path.of(required(opts, "results")).toAbsolutePath();
        int runs = Args.intOf(opts, "runs", 3);
        String verify = Args.of(opts, "verify", "first");
        List<String> groups = List.of(Args.of(opts, "scenarios", "full,inc").split(","));
        boolean keep = Boolean.parseBoolean(Args.of(opts, "keep", "false"));
        String jvm = Args.of(opts, "jvm", SHIPPED_JVM);
        String mallocArenas = Args.of(opts, "mallocArenas", "2");
        if (!Files.isDirectory(layout.dataset())) {
            throw new IllegalArgumentException("dataset " + layout.dataset() + " is not a folder: gen-dataset.py create DIR");
        }

        Path scratch = Files.createTempDirectory("daemon-bench");
        Shell shell = new Shell(scratch, Map.of("RESTIC_PASSWORD", "bench", "RESTIC_CACHE_DIR", layout.resticCache().toString()));
        long datasetBytes = shell.du(layout.dataset());
        long restoreMiB = Args.intOf(opts, "restoreMiB", (int) Math.max(512, 3 * datasetBytes / (1 << 20)));
        FreshFs fresh = new FreshFs(Args.of(opts, "restoreFs", "tmpfs"), restoreMiB, layout.work(), shell);
        prepare(layout, shell);
        Files.createDirectories(results.getParent());
        System.out.printf("dataset %s (%.1f MB, %s files), %d rounds, %d cpus, restores into %s, daemon JVM [%s]; load %s%n"
                        + "MALLOC_ARENA_MAX=%s; results in %s%n", layout.dataset(), datasetBytes / 1e6,
                shell.run("find " + Shell.q(layout.dataset()) + " -type f | wc -l").trim(), runs,
                Runtime.getRuntime().availableProcessors(), fresh.kind(), jvm, Stats.loadAverage(),
                mallocArenas.isBlank() ? "glibc default" : mallocArenas, results);

        BenchJobs jobs = new BenchJobs(runs);
        try (RecordInbox inbox = RecordInbox.start();
             DaemonProcess daemon = DaemonProcess.start(jar, jvm, mallocArenas, layout);
             PrintWriter csv = new PrintWriter(Files.newBufferedWriter(results))) {
            DaemonClient client = new DaemonClient(daemon.baseUrl());
            client.stopScheduling();
            client.addNotify(inbox.address());
            JsonNode update = client.putJobs("bench-" + ProcessHandle.current().pid(), jobs.asJson());
            for (String id : List.of(jobs.fullGz, jobs.warmFull, jobs.warmInc, jobs.inc(1))) {
                if (BenchJobs.rejection(update, id) != null) {
                    throw new IllegalStateException("the daemon rejected a backup job: " + BenchJobs.rejection(update, id));
                }
            }
            long ticks = Long.parseLong(shell.run("getconf CLK_TCK").trim());
            DaemonSampler sampler = new DaemonSampler(daemon.pid(), ticks, Args.intOf(opts, "sample", 50));
            Harness h = new Harness(layout, shell, fresh, client, inbox, sampler,
                    Duration.ofMillis(Args.intOf(opts, "poll", 1000)), csv);
            if (Boolean.parseBoolean(Args.of(opts, "warmup", "true"))) {
                warmUp(h, jobs);
            }
            FullScenarios full = new FullScenarios(h, jobs, Args.intOf(opts, "threads", 2), BenchJobs.rejection(update, jobs.fullZst),
                    FullScenarios.tools(Args.of(opts, "fullTools", "")));
            IncrementScenarios inc = new IncrementScenarios(h, jobs, generator);
            BusyScenarios busy = new BusyScenarios(h, jobs);
            for (int round = 1; round <= runs; round++) {
                boolean check = verify.equals("all") || (verify.equals("first") && round == 1);
                for (String group : Harness.order(round, groups)) {
                    System.out.printf("round %d: %s (load %s)%n", round, group, Stats.loadAverage());
                    if (group.equals("full")) {
                        try {
                            full.create(round, check);
                            full.restore(round, check);
                        } finally {
                            full.cleanUp();
                        }
                    } else if (group.equals("inc")) {
                        inc.run(round, check);
                    } else if (group.equals("busy")) {
                        busy.run(round, check);
                    } else {
                        throw new IllegalArgumentException("scenario group '" + group + "': full, inc or busy");
                    }
                }
            }
            System.out.printf("the daemon pushed %d notify POSTs; its log: %s%n", inbox.pushes(), daemon.log());
            csv.flush();
            DaemonSummary.print(h.measurements(), System.out);
            if (full.skipped() != null) {
                System.out.println("\nskipped: full-create ours-zst — " + full.skipped());
            }
            System.out.println("\nCSV: " + results);
        } finally {
            Path log = layout.work().resolve("backupd.log");
            if (Files.exists(log)) {
                Files.copy(log, Path.of(results + ".backupd.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            FreshFs.unmountAllUnder(layout.work(), shell);
            if (!keep) {
                shell.run("rm -rf " + Shell.q(layout.work()));
            }
            try (var paths = Files.walk(scratch)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A clean work folder: leftovers of an interrupted run unmounted and removed, the full volume copied in. */
    private static void prepare(BenchLayout layout, Shell shell) throws IOException, InterruptedException {
        FreshFs.unmountAllUnder(layout.work(), shell);
        shell.run("rm -rf " + Shell.q(layout.work()));
        Path volume = layout.fullVolume();
        Files.createDirectories(volume.getParent());
        long t0 = System.nanoTime();
        shell.run("cp -a " + Shell.q(layout.dataset()) + " " + Shell.q(volume));
        System.out.printf("copied the dataset into the full volume %s in %.1f s%n", volume, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Untimed: the daemon's code paths run once on a small volume (500 small files and one large of
     * the dataset) — full backup, snapshot twice, both restores — so that round 1 does not pay for
     * the JIT alone; a daemon in service has long compiled them.
     */
    private static void warmUp(Harness h, BenchJobs jobs) throws IOException, InterruptedException {
        Path volume = h.layout.volumeDir(BenchLayout.WARM_PROC, 1);
        Files.createDirectories(volume);
        h.shell.run("cd " + Shell.q(h.layout.dataset()) + " && { find . -type f -size -200k | sort | awk 'NR <= 500';"
                + " find . -type f -size +1M | sort | awk 'NR == 1'; } | tar -cf - -T - | tar -xf - -C " + Shell.q(volume));
        long t0 = System.nanoTime();
        String archive = h.untimed("warm-up full backup", () -> h.client.run(jobs.warmFull)).path("name").asText();
        h.untimed("warm-up snapshot", () -> h.client.run(jobs.warmInc));
        String snapshot = h.untimed("warm-up snapshot", () -> h.client.run(jobs.warmInc)).path("name").asText();
        Files.createDirectories(h.layout.volumeDir(BenchLayout.WARM_PROC, 2));
        Files.createDirectories(h.layout.volumeDir(BenchLayout.WARM_PROC, 3));
        h.untimed("warm-up restore", () -> h.client.recoverFull(archive, Map.of("instanceNo", List.of("2"))));
        h.untimed("warm-up snapshot restore", () -> h.client.recoverIncrement(snapshot,
                Map.of("files", List.of("*"), "instanceNo", List.of("3"))));
        System.out.printf("warm-up (untimed): full backup, 2 snapshots, 2 restores of a small volume in %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
    }

    private static String required(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + key + "=...");
        }
        return value;
    }
}
