package io.backupd.daemon.hooks;

import java.util.List;

/**
 * Runs hooks on this host with {@code sh -c}, in the volume's directory. For standalone mode,
 * where the "containers" are plain processes on the same machine; the container id is ignored.
 */
public final class LocalHookRunner implements HookRunner {
    public static final String NAME = "local";

    @Override
    public HookResult run(HookCall call) {
        return HookProcess.run(List.of("sh", "-c", call.command()), call.volumeDir(), call.timeout());
    }

    @Override
    public String name() {
        return NAME;
    }
}
