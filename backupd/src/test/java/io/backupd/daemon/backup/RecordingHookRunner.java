package io.backupd.daemon.backup;

import io.backupd.daemon.hooks.HookCall;
import io.backupd.daemon.hooks.HookResult;
import io.backupd.daemon.hooks.HookRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A hook runner fake: records every call and answers with the exit code {@code exits} gives. */
final class RecordingHookRunner implements HookRunner {
    final List<HookCall> calls = new CopyOnWriteArrayList<>();
    private final Function<HookCall, Integer> exits;

    RecordingHookRunner(Function<HookCall, Integer> exits) {
        this.exits = exits;
    }

    @Override
    public HookResult run(HookCall call) {
        calls.add(call);
        int exit = exits.apply(call);
        return new HookResult(exit, false, "ran " + call.command() + " in " + call.container() + "\n", Duration.ofMillis(1));
    }

    @Override
    public String name() {
        return "recording";
    }

    List<String> commands() {
        return calls.stream().map(c -> c.command() + "@" + c.container()).toList();
    }
}
