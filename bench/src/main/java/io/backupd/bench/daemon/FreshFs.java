package io.backupd.bench.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A freshly made file system for every restore, for every tool alike: ext4 avoids recently freed
 * inode numbers, so restoring into a folder right after deleting the previous restore is slowed
 * badly. {@code tmpfs} (default) also leaves disk writeback out of
 * restore times; {@code ext4} is a loop-mounted image on the work disk, made anew each time.
 */
final class FreshFs {
    private final String kind;
    private final long sizeMiB;
    private final Path images;
    private final Shell shell;

    FreshFs(String kind, long sizeMiB, Path images, Shell shell) {
        if (!kind.equals("tmpfs") && !kind.equals("ext4")) {
            throw new IllegalArgumentException("restore fs '" + kind + "': tmpfs or ext4");
        }
        this.kind = kind;
        this.sizeMiB = sizeMiB;
        this.images = images;
        this.shell = shell;
    }

    String kind() {
        return kind;
    }

    /** Mounts a new, empty file system at {@code dir} (created when missing). */
    void mount(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        if (kind.equals("tmpfs")) {
            shell.run("mount -t tmpfs -o size=" + sizeMiB + "m tmpfs " + Shell.q(dir));
        } else {
            Path image = image(dir);
            shell.run("rm -f " + Shell.q(image) + " && truncate -s " + sizeMiB + "M " + Shell.q(image)
                    + " && mkfs.ext4 -q -F " + Shell.q(image) + " && mount -o loop " + Shell.q(image) + " " + Shell.q(dir));
        }
    }

    /** Unmounts {@code dir} and drops its image. */
    void unmount(Path dir) throws IOException, InterruptedException {
        shell.run("umount " + Shell.q(dir));
        if (kind.equals("ext4")) {
            Files.deleteIfExists(image(dir));
        }
    }

    private Path image(Path dir) {
        return images.resolve("restore-" + Integer.toHexString(dir.toString().hashCode()) + ".img");
    }

    /** Unmounts everything mounted at or below {@code root}, deepest first (left over by an interrupted run). */
    static void unmountAllUnder(Path root, Shell shell) throws IOException, InterruptedException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String point = line.split(" ")[1].replace("\\040", " ");
            if (Path.of(point).startsWith(root)) {
                points.add(point);
            }
        }
        points.sort((a, b) -> b.length() - a.length());
        for (String point : points) {
            shell.run("umount " + Shell.q(point));
        }
    }
}
