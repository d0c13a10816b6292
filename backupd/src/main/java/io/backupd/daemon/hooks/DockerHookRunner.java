package io.backupd.daemon.hooks;

import io.backupd.common.error.BackupException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs hooks inside the instance's container with {@code docker exec -w /lain/app <id> sh -c
 * <cmd>}, the working directory Lain images use. Before each exec it asks {@code docker inspect}
 * whether the container mounts the instance's volume directory ({@link ContainerMounts}); a
 * container that does not, or that inspect cannot find, is refused and nothing runs in it. The
 * docker executable is injectable so tests can
 * put a stand-in in its place. Killing on timeout stops the {@code docker exec} client; the
 * command inside the container may outlive it (Docker does not propagate the kill).
 */
public final class DockerHookRunner implements HookRunner {
    public static final String NAME = "docker";
    static final String WORK_DIR = "/lain/app";
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final String docker;

    /** {@code docker} is the executable: a path, or a name looked up on PATH. */
    public DockerHookRunner(String docker) {
        this.docker = docker;
    }

    @Override
    public HookResult run(HookCall call) {
        String container = call.container();
        if (container == null || !CONTAINER_ID.matcher(container).matches()) {
            throw BackupException.invalid("container id '" + container + "' is not a docker container id or name");
        }
        ContainerMounts.requireMounted(docker, container, call.volumeDir(), call.timeout());
        return HookProcess.run(List.of(docker, "exec", "-w", WORK_DIR, container, "sh", "-c", call.command()),
                null, call.timeout());
    }

    @Override
    public String name() {
        return NAME;
    }
}
