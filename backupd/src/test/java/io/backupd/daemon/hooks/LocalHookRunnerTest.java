package io.backupd.daemon.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHookRunnerTest {
    @TempDir
    Path volume;

    private final LocalHookRunner runner = new LocalHookRunner();

    private HookResult run(String command, Duration timeout) {
        return runner.run(new HookCall("", volume, command, timeout));
    }

    @Test
    void runsInTheVolumeDirAndReportsExitCodeAndMergedOutput() throws IOException {
        HookResult result = run("pwd; echo oops >&2; exit 3", Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.outputTail()).contains(volume.toRealPath().toString()).contains("oops");
    }

    @Test
    void keepsOnlyTheTailOfLongOutput() {
        HookResult result = run("i=0; while [ $i -lt 3000 ]; do echo line-$i; i=$((i+1)); done; echo THE-END", Duration.ofSeconds(20));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.outputTail()).endsWith("THE-END\n").doesNotContain("line-0\n");
        assertThat(result.outputTail().length()).isLessThanOrEqualTo(OutputTail.DEFAULT_LIMIT + 1);
    }

    @Test
    void aHookGetsNoStdinSoItCannotHangOnInput() {
        HookResult result = run("cat; echo done", Duration.ofSeconds(10));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.outputTail()).isEqualTo("done\n");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = volume.resolve("child.pid");
        HookResult result = run("sleep 60 & echo $! > child.pid; wait", Duration.ofMillis(700));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));

        long child = Long.parseLong(Files.readString(pidFile).trim());
        Instant deadline = Instant.now().plusSeconds(5);
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                .as("the hook's background child was killed").isFalse();
    }

    @Test
    void outputTailKeepsTheLastBytes() {
        OutputTail tail = new OutputTail(4);
        byte[] data = "abcdefg".getBytes();
        tail.write(data, 0, data.length);
        assertThat(tail.text()).isEqualTo("…defg");
        OutputTail small = new OutputTail(10);
        small.write(data, 0, 3);
        assertThat(small.text()).isEqualTo("abc");
    }
}
