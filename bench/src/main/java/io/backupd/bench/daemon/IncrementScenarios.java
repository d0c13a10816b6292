package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Incremental backups, one fresh copy of the dataset per round: the daemon's snapshot
 * ({@code mode=increment}), {@code restic backup} into a local repository (default compression)
 * and {@code rsync -a --delete} to a mirror take the same steps on the same folder — first backup,
 * {@code gen-dataset.py mutate}, backup after the mutation, backup with nothing changed — then
 * each restores its latest state into a fresh file system. The repository (mirror) is measured
 * with {@code du -sb} before and after every step: its growth is {@code added_bytes}.
 */
final class IncrementScenarios {
    private static final List<String> TOOLS = List.of("ours", "restic", "rsync");

    private final Harness h;
    private final BenchJobs jobs;
    private final Path generator;

    IncrementScenarios(Harness h, BenchJobs jobs, Path generator) {
        this.h = h;
        this.jobs = jobs;
        this.generator = generator;
    }

    void run(int round, boolean verify) throws IOException, InterruptedException {
        Path volume = h.layout.incVolume(round);
        Path restic = h.layout.resticRepository(round);
        Path mirror = h.layout.mirror(round);
        // set-up, untimed: a fresh copy of the dataset, an empty restic repository, an empty mirror
        h.shell.run("rm -rf " + Shell.q(volume) + " " + Shell.q(restic) + " " + Shell.q(mirror) + " && mkdir -p "
                + Shell.q(volume.getParent()) + " " + Shell.q(mirror) + " && cp -a " + Shell.q(h.layout.dataset())
                + " " + Shell.q(volume) + " && restic init -q -r " + Shell.q(restic));
        String snapshot = null;
        for (String step : List.of("inc-first", "inc-mutated", "inc-unchanged")) {
            if (step.equals("inc-mutated")) {
                h.shell.run("python3 " + Shell.q(generator) + " mutate " + Shell.q(volume));
            }
            for (String tool : Harness.order(round, TOOLS)) {
                String made = backup(round, step, tool, volume, restic, mirror);
                if (made != null) {
                    snapshot = made;
                }
            }
        }
        for (String tool : Harness.order(round, TOOLS)) {
            restore(round, tool, snapshot, volume, restic, mirror, verify);
        }
        h.shell.run("rm -rf " + Shell.q(volume) + " " + Shell.q(restic) + " " + Shell.q(mirror));
    }

    /** One backup step of one tool; returns the daemon's snapshot name (null for peers). */
    private String backup(int round, String step, String tool, Path volume, Path restic, Path mirror)
            throws IOException, InterruptedException {
        Path store = store(round, tool, restic, mirror);
        h.shell.warmTree(volume);
        long before = h.shell.du(store);
        Measurement m;
        String snapshot = null;
        switch (tool) {
            case "ours" -> {
                Harness.DaemonRun run = h.daemon(round, step, tool, () -> h.client.run(jobs.inc(round)));
                JsonNode result = run.finished().requireSuccess("incremental backup (" + step + ")");
                snapshot = result.path("name").asText();
                m = withNote(run.measurement(), String.format(Locale.ROOT, "filesRead=%d addedBytes=%d",
                        result.path("filesRead").asLong(), result.path("addedBytes").asLong()));
            }
            case "restic" -> m = h.peer(round, step, tool, "restic -q -r " + Shell.q(restic) + " backup " + Shell.q(volume));
            case "rsync" -> m = h.peer(round, step, tool, "rsync -a --delete " + Shell.q(volume) + "/ " + Shell.q(mirror) + "/");
            default -> throw new IllegalStateException(tool);
        }
        long after = h.shell.du(store);
        h.log(m.withSizes(after, after - before));
        return snapshot;
    }

    private void restore(int round, String tool, String snapshot, Path volume, Path restic, Path mirror, boolean verify)
            throws IOException, InterruptedException {
        if (tool.equals("ours")) {
            // a migrate into an instance whose job is only declared (never run), whose folder is a fresh file system
            int instance = BenchLayout.incRestoreInstance(round);
            Path target = h.layout.instanceDir(BenchLayout.INC_PROC, instance);
            h.fresh.mount(target);
            Files.createDirectories(target.resolve(BenchLayout.VOLUME.substring(1)));
            h.shell.warmTree(h.layout.incRepository(round));
            Harness.DaemonRun run = h.daemon(round, "inc-restore", tool, () -> h.client.recoverIncrement(snapshot,
                    Map.of("files", List.of("*"), "instanceNo", List.of(Integer.toString(instance)))));
            run.finished().requireSuccess("restore of snapshot " + snapshot);
            h.log(run.measurement());
            if (verify) {
                h.shell.sameTree(volume, h.layout.volumeDir(BenchLayout.INC_PROC, instance), "daemon snapshot restore");
            }
            h.fresh.unmount(target);
            return;
        }
        Path mnt = h.layout.restoreMount();
        h.fresh.mount(mnt);
        Path restored;
        if (tool.equals("restic")) {
            h.shell.warmTree(restic);
            h.log(h.peer(round, "inc-restore", tool, "restic -q -r " + Shell.q(restic) + " restore latest --target " + Shell.q(mnt)));
            restored = mnt.resolve(volume.toString().substring(1)); // restic restores the absolute path it backed up
        } else {
            h.shell.warmTree(mirror);
            restored = mnt.resolve("data");
            h.log(h.peer(round, "inc-restore", tool, "rsync -a " + Shell.q(mirror) + "/ " + Shell.q(restored) + "/"));
        }
        if (verify) {
            h.shell.sameTree(volume, restored, tool + " restore");
        }
        h.fresh.unmount(mnt);
    }

    private Path store(int round, String tool, Path restic, Path mirror) {
        return switch (tool) {
            case "ours" -> h.layout.incRepository(round);
            case "restic" -> restic;
            default -> mirror;
        };
    }

    private static Measurement withNote(Measurement m, String note) {
        return new Measurement(m.round(), m.seq(), m.scenario(), m.tool(), m.wallS(), m.cpuS(), m.rssPeakMiB(), m.rssHwmMiB(),
                m.sizeBytes(), m.addedBytes(), m.load1(), m.via(), m.recordS(), m.note().isEmpty() ? note : m.note() + "; " + note);
    }
}
