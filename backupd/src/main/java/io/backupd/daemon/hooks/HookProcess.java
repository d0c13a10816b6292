package io.backupd.daemon.hooks;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one command line as a child process with a deadline; shared by the runners. */
final class HookProcess {
    /** After a kill, how long to wait for the output pipe to close; a detached grandchild may hold it. */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

    private HookProcess() {
    }

    static HookResult run(List<String> command, Path workDir, Duration timeout) {
        return run(command, workDir, timeout, OutputTail.DEFAULT_LIMIT);
    }

    /** Like {@link #run(List, Path, Duration)}, keeping the last {@code tailLimit} bytes of output. */
    static HookResult run(List<String> command, Path workDir, Duration timeout, int tailLimit) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot start hook " + command.get(0) + ": " + e.getMessage(), e);
        }
        closeQuietly(process);
        OutputTail tail = new OutputTail(tailLimit);
        Thread reader = new Thread(() -> drain(process.getInputStream(), tail), "hook-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(process);
            }
            reader.join(DRAIN_WAIT.toMillis());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        int exit = timedOut ? -1 : process.exitValue();
        return new HookResult(exit, timedOut, tail.text(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Children first, so none is re-parented and left running when its parent dies. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                tail.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe closes when the process is killed; what was read so far is kept
        }
    }

    /** Hooks get no stdin: a command waiting for input must fail, not hang until its timeout. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to clean up
        }
    }
}
