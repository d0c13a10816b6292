package io.backupd.daemon.hooks;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check before a {@code docker exec}: the named container must mount the instance's volume
 * directory itself, so a wrong or foreign container id fails instead of running a command in
 * another app's container. Lain's deployd binds each volume of a single-container pod as
 * {@code <root>/<app>/<proc>/<N>/<volume>:<volume>} (laincloud/deployd {@code engine/pod.go},
 * {@code createHostConfig}); it never mounts a parent of that directory into an app's container,
 * and the containers that do mount a parent (the log collector binds {@code /data/lain/volumes/}
 * whole) are nobody's instance, so only the exact directory counts. A multi-container pod binds
 * {@code <N>/c<i>/<volume>}, which is not the directory backupd backs up, and is refused too.
 */
final class ContainerMounts {
    /** One host path a line; {@code --type container} keeps an image of the same name from answering. */
    private static final String SOURCES = "{{range .Mounts}}{{.Source}}{{\"\\n\"}}{{end}}";
    /** Enough for hundreds of mounts; more than this is refused rather than checked in part. */
    static final int OUTPUT_LIMIT = 64 * 1024;
    private static final int SHOWN_MOUNTS = 5;

    private ContainerMounts() {
    }

    /**
     * Returns when {@code container} mounts {@code volumeDir}; FORBIDDEN (NOT_FOUND when inspect cannot find it)
     * otherwise, and then the caller must not exec into it.
     */
    static void requireMounted(String docker, String container, Path volumeDir, Duration timeout) {
        HookResult inspect = HookProcess.run(
                List.of(docker, "inspect", "--type", "container", "--format", SOURCES, container), null, timeout, OUTPUT_LIMIT);
        String output = inspect.outputTail();
        if (!inspect.succeeded()) {
            throw new BackupException(ErrorCode.NOT_FOUND, "cannot inspect container '" + container + "' (" + output.strip()
                    + ")", Map.of("container", container), null);
        }
        if (output.startsWith("…")) {
            throw refused(container, volumeDir, "it has more mounts than can be checked");
        }
        Set<Path> accepted = accepted(volumeDir);
        boolean mounted = output.lines().map(ContainerMounts::path).anyMatch(accepted::contains);
        if (!mounted) {
            throw refused(container, volumeDir, mountsNamed(output));
        }
    }

    /** The directory as the job names it and, when the volume root is reached through a symlink, as it really is. */
    private static Set<Path> accepted(Path volumeDir) {
        Set<Path> paths = new HashSet<>();
        paths.add(volumeDir.toAbsolutePath().normalize());
        try {
            paths.add(volumeDir.toRealPath());
        } catch (IOException e) {
            // a missing directory has only its given name
        }
        return paths;
    }

    /** The first few mounts, enough to see whose container it is without copying 64 KiB into the record. */
    private static String mountsNamed(String output) {
        List<String> sources = output.lines().filter(l -> !l.isBlank()).toList();
        if (sources.isEmpty()) {
            return "it mounts nothing";
        }
        String shown = String.join(", ", sources.subList(0, Math.min(sources.size(), SHOWN_MOUNTS)));
        return "it mounts " + shown + (sources.size() > SHOWN_MOUNTS ? " and " + (sources.size() - SHOWN_MOUNTS) + " more" : "");
    }

    private static Path path(String line) {
        try {
            return line.isBlank() ? null : Path.of(line.strip()).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static BackupException refused(String container, Path volumeDir, String why) {
        return new BackupException(ErrorCode.FORBIDDEN, "container '" + container + "' does not mount this instance's volume "
                + volumeDir + " (" + why + ")",
                Map.of("container", container, "volume", volumeDir.toString()), null);
    }
}
