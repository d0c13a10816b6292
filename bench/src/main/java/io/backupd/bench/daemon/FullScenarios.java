package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Full backups: the daemon's {@code tar.gz} (and {@code tar.zst} when the daemon knows the
 * {@code format} job arg) against GNU tar with gzip -6, pigz and zstd, all reading the same
 * volume, all writing to the same disk (each peer's archive fsynced at the end, as the daemon
 * fsyncs its upload); then a restore of the daemon's {@code tar.gz} through its recover API
 * against {@code tar -xzf} of the very same archive, and against the same followed by
 * {@code sync -f} (the daemon's restore is durable when it reports; plain {@code tar -xzf} is not),
 * each into a fresh file system.
 */
final class FullScenarios {
    private final Harness h;
    private final BenchJobs jobs;
    private final int threads;
    private String zstSkipped;
    private String archiveName;
    private Path archive;
    private final List<String> toDelete = new ArrayList<>();
    private final List<String> createTools;

    /** Every full-backup tool, in the order of odd rounds. */
    static final List<String> CREATE_TOOLS = List.of("ours", "tar-pigz", "tar-gzip", "ours-zst", "tar-zstd");

    /** The tools named in {@code csv} (all when empty); "ours" is required, the restores need its archive. */
    static List<String> tools(String csv) {
        if (csv.isBlank()) {
            return CREATE_TOOLS;
        }
        List<String> named = List.of(csv.split(","));
        for (String tool : named) {
            if (!CREATE_TOOLS.contains(tool)) {
                throw new IllegalArgumentException("full-backup tool '" + tool + "' is not one of " + CREATE_TOOLS);
            }
        }
        if (!named.contains("ours")) {
            throw new IllegalArgumentException("fullTools must include ours: the restores restore its archive");
        }
        return CREATE_TOOLS.stream().filter(named::contains).toList();
    }

    FullScenarios(Harness h, BenchJobs jobs, int threads, String zstRejected, List<String> createTools) {
        this.h = h;
        this.jobs = jobs;
        this.threads = threads;
        this.createTools = createTools;
        this.zstSkipped = zstRejected == null ? null : "the daemon rejected the job with format=tar.zst: " + zstRejected;
        if (zstSkipped != null) {
            System.out.println("SKIP full-create ours-zst: " + zstSkipped);
        }
    }

    void create(int round, boolean verify) throws IOException, InterruptedException {
        Path volume = h.layout.fullVolume();
        Path peer = Files.createDirectories(h.layout.peer());
        String src = "tar -cf - -C " + Shell.q(volume) + " .";
        for (String tool : Harness.order(round, createTools)) {
            if (tool.equals("ours-zst") && zstSkipped != null) {
                continue;
            }
            h.shell.warmTree(volume);
            switch (tool) {
                case "ours" -> {
                    Harness.DaemonRun run = h.daemon(round, "full-create", tool, () -> h.client.run(jobs.fullGz));
                    JsonNode result = run.finished().requireSuccess("full backup");
                    archiveName = result.path("name").asText();
                    archive = h.layout.storage().resolve(result.path("key").asText());
                    toDelete.add(archiveName);
                    h.log(run.measurement().withSizes(result.path("size").asLong(), 0));
                }
                case "ours-zst" -> zst(round, verify);
                case "tar-gzip" -> peer(round, tool, "tar -czf " + out(peer, "gzip.tar.gz") + " -C " + Shell.q(volume) + " .",
                        peer.resolve("gzip.tar.gz"));
                case "tar-pigz" -> peer(round, tool, src + " | pigz -6 -p " + threads + " > " + out(peer, "pigz.tar.gz"),
                        peer.resolve("pigz.tar.gz"));
                case "tar-zstd" -> peer(round, tool, src + " | zstd -q -3 -T" + threads + " > " + out(peer, "zstd.tar.zst"),
                        peer.resolve("zstd.tar.zst"));
                default -> throw new IllegalStateException(tool);
            }
        }
    }

    /** The daemon's archive with {@code format=tar.zst}; skipped from now on when the daemon cannot make one. */
    private void zst(int round, boolean verify) throws IOException, InterruptedException {
        Harness.DaemonRun run;
        try {
            run = h.daemon(round, "full-create", "ours-zst", () -> h.client.run(jobs.fullZst));
        } catch (DaemonClient.Refused e) {
            skipZst("the daemon refused the run: " + e.getMessage());
            return;
        }
        JsonNode result = run.finished().result();
        String name = result.path("name").asText("");
        if (!name.isEmpty()) {
            toDelete.add(name);
        }
        if (!run.finished().success()) {
            skipZst("the run with format=tar.zst failed: " + run.finished().reason());
            return;
        }
        if (!name.endsWith(".tar.zst")) {
            skipZst("the daemon ignored format=tar.zst: it wrote " + name);
            return;
        }
        Path made = h.layout.storage().resolve(result.path("key").asText());
        if (verify) {
            h.shell.run("tar --zstd -tf " + Shell.q(made) + " > /dev/null");
            System.out.println("  verified: GNU tar --zstd lists the daemon's " + name);
        }
        h.log(run.measurement().withSizes(result.path("size").asLong(), 0));
    }

    /** Why the tar.zst scenario was skipped; null when it ran. */
    String skipped() {
        return zstSkipped;
    }

    private void skipZst(String why) {
        zstSkipped = why;
        System.out.println("SKIP full-create ours-zst (this and later rounds): " + why);
    }

    void restore(int round, boolean verify) throws IOException, InterruptedException {
        if (archive == null) {
            throw new IllegalStateException("no full backup of this round to restore");
        }
        Path source = h.layout.fullVolume();
        for (String tool : Harness.order(round, List.of("ours", "tar-xzf", "xzf+sync"))) {
            if (tool.equals("ours")) {
                // a migrate into instance 2, whose folder is a fresh file system: the same RecoverTask as a
                // recover, into an empty volume as tar -xzf gets an empty folder
                Path target = h.layout.instanceDir(BenchLayout.FULL_PROC, BenchLayout.FULL_RESTORE_INSTANCE);
                h.fresh.mount(target);
                Files.createDirectories(target.resolve(BenchLayout.VOLUME.substring(1)));
                h.shell.warmFile(archive);
                Harness.DaemonRun run = h.daemon(round, "full-restore", tool, () -> h.client.recoverFull(archiveName,
                        Map.of("instanceNo", List.of(Integer.toString(BenchLayout.FULL_RESTORE_INSTANCE)))));
                run.finished().requireSuccess("restore of " + archiveName);
                h.log(run.measurement());
                if (verify) {
                    h.shell.sameTree(source, h.layout.volumeDir(BenchLayout.FULL_PROC, BenchLayout.FULL_RESTORE_INSTANCE), "daemon restore");
                }
                h.fresh.unmount(target);
            } else {
                // into a folder of the fresh file system, as the daemon's volume is (ext4 has lost+found at its root)
                Path mnt = h.layout.restoreMount();
                h.fresh.mount(mnt);
                Path into = Files.createDirectories(mnt.resolve("data"));
                h.shell.warmFile(archive);
                String extract = "tar -xzf " + Shell.q(archive) + " -C " + Shell.q(into);
                // xzf+sync: written back to disk before it ends, as the daemon's restore is when it reports
                h.log(h.peer(round, "full-restore", tool, tool.equals("xzf+sync") ? extract + " && sync -f " + Shell.q(into) : extract));
                if (verify) {
                    h.shell.sameTree(source, into, "GNU tar -xzf of the daemon's archive");
                }
                h.fresh.unmount(mnt);
            }
        }
    }

    /** Deletes this round's archives (the daemon's through its API), so every round starts alike. */
    void cleanUp() throws IOException, InterruptedException {
        if (!toDelete.isEmpty()) {
            h.client.delete(toDelete);
            toDelete.clear();
        }
        h.shell.run("rm -rf " + Shell.q(h.layout.peer()));
        archive = null;
        archiveName = null;
    }

    private void peer(int round, String tool, String command, Path output) throws IOException, InterruptedException {
        // the daemon fsyncs its upload before it reports success; so does each peer, inside the timing
        Measurement m = h.peer(round, "full-create", tool, command + " && sync " + Shell.q(output));
        h.log(m.withSizes(Files.size(output), 0));
    }

    private static String out(Path dir, String name) {
        return Shell.q(dir.resolve(name));
    }
}
