package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The daemon as busy as its defaults let it be ({@code --workers 2}, {@code --max-backups 2}): its
 * memory then, not its speed, is the question. {@code ours-2b}: two full backups of two volumes
 * (each a copy of the dataset) at once, one {@code tar.gz}, one {@code tar.zst}; {@code ours-b+r}:
 * a {@code tar.zst} backup beside a restore of a {@code tar.gz} into a fresh file system. One line
 * per pair, timed from the first request to the last finished record, with the daemon's peak RSS
 * over that window. No peer: every run must succeed, and the RSS is compared with the target.
 */
final class BusyScenarios {
    private final Harness h;
    private final BenchJobs jobs;

    BusyScenarios(Harness h, BenchJobs jobs) {
        this.h = h;
        this.jobs = jobs;
    }

    /** The second volume: a copy of the dataset, made once. */
    void prepare() throws IOException, InterruptedException {
        Path volume = h.layout.volumeDir(BenchLayout.FULL_PROC, BenchLayout.BUSY_INSTANCE);
        if (!Files.isDirectory(volume)) {
            Files.createDirectories(volume.getParent());
            h.shell.run("cp -a " + Shell.q(h.layout.dataset()) + " " + Shell.q(volume));
        }
    }

    void run(int round, boolean verify) throws IOException, InterruptedException {
        prepare();
        Path first = h.layout.fullVolume();
        Path second = h.layout.volumeDir(BenchLayout.FULL_PROC, BenchLayout.BUSY_INSTANCE);
        List<String> made = new ArrayList<>();
        try {
            h.shell.warmTree(first);
            h.shell.warmTree(second);
            Harness.DaemonRuns backups = h.daemonAll(round, "busy", "ours-2b",
                    List.of(() -> h.client.run(jobs.fullGz), () -> h.client.run(jobs.busyZst)));
            String archive = null;
            for (RecordInbox.Finished f : backups.finished()) {
                JsonNode result = f.requireSuccess("a backup of two at once");
                made.add(result.path("name").asText());
                if (result.path("name").asText().endsWith(".tar.gz")) {
                    archive = result.path("name").asText();
                }
            }
            h.log(backups.measurement());
            if (archive == null) {
                throw new IllegalStateException("the two backups made no tar.gz to restore: " + made);
            }

            Path target = h.layout.instanceDir(BenchLayout.FULL_PROC, BenchLayout.FULL_RESTORE_INSTANCE);
            h.fresh.mount(target);
            try {
                Files.createDirectories(target.resolve(BenchLayout.VOLUME.substring(1)));
                h.shell.warmTree(second);
                String toRestore = archive;
                List<Supplier<String>> requests = List.of(() -> h.client.run(jobs.busyZst),
                        () -> h.client.recoverFull(toRestore,
                                Map.of("instanceNo", List.of(Integer.toString(BenchLayout.FULL_RESTORE_INSTANCE)))));
                Harness.DaemonRuns mixed = h.daemonAll(round, "busy", "ours-b+r", requests);
                made.add(mixed.finished().get(0).requireSuccess("a backup beside a restore").path("name").asText());
                mixed.finished().get(1).requireSuccess("a restore beside a backup");
                h.log(mixed.measurement());
                if (verify) {
                    h.shell.sameTree(first, h.layout.volumeDir(BenchLayout.FULL_PROC, BenchLayout.FULL_RESTORE_INSTANCE),
                            "daemon restore beside a backup");
                }
            } finally {
                h.fresh.unmount(target);
            }
        } finally {
            if (!made.isEmpty()) {
                h.client.delete(made);
            }
        }
    }
}
