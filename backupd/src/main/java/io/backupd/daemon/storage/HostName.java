package io.backupd.daemon.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name as the kernel knows it: what locks and upload temporaries name their owner by. */
public final class HostName {
    private HostName() {
    }

    /** {@code $HOSTNAME} (a container's own name), else the kernel's; no DNS lookup, which can hang on a misconfigured node. */
    public static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
