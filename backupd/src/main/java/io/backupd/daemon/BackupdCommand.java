package io.backupd.daemon;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backupd <command>}: today only {@code daemon}. */
@Command(name = "backupd", mixinStandardHelpOptions = true, version = "backupd 0.1.0",
        description = "Volume backup daemon for Lain-style container clusters.",
        subcommands = DaemonCommand.class)
final class BackupdCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command; try 'backupd daemon --help'");
    }
}
