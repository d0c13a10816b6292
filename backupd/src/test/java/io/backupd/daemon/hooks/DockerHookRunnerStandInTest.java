package io.backupd.daemon.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * There is no Docker engine here, so these tests run {@link DockerHookRunner} against a STAND-IN
 * {@code docker} script that records its arguments, then runs the command itself the way
 * {@code docker exec ... sh -c <cmd>} would.
 */
class DockerHookRunnerStandInTest {
    @TempDir
    Path dir;

    Path standIn;
    Path argsFile;

    @BeforeEach
    void writeStandIn() throws IOException {
        argsFile = dir.resolve("args");
        standIn = dir.resolve("docker");
        Files.writeString(standIn, """
                #!/bin/sh
                # stand-in for the docker CLI: one argument per line, then run what follows "sh -c"
                for a in "$@"; do printf '%s\\n' "$a" >> '%ARGS%'; done
                [ "$1" = exec ] || { echo "stand-in only knows exec" >&2; exit 125; }
                shift 4   # exec -w /lain/app <container>
                exec "$@"
                """.replace("%ARGS%", argsFile.toString()));
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runsDockerExecInTheAppDirOfTheContainer() throws IOException {
        HookResult result = new DockerHookRunner(standIn.toString())
                .run(new HookCall("3f2a9c0d1e", dir, "echo flushed; exit 0", Duration.ofSeconds(10)));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outputTail()).isEqualTo("flushed\n");
        assertThat(Files.readAllLines(argsFile))
                .containsExactly("exec", "-w", "/lain/app", "3f2a9c0d1e", "sh", "-c", "echo flushed; exit 0");
    }

    @Test
    void theExitCodeOfTheCommandIsReported() {
        HookResult result = new DockerHookRunner(standIn.toString())
                .run(new HookCall("abc", dir, "echo nope; exit 4", Duration.ofSeconds(10)));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.outputTail()).contains("nope");
    }

    @Test
    void aContainerIdThatIsNotOneIsRefusedBeforeDockerRuns() {
        for (String bad : List.of("", "-it", "a b", "x;rm -rf /", "../c")) {
            assertThatThrownBy(() -> new DockerHookRunner(standIn.toString())
                    .run(new HookCall(bad, dir, "true", Duration.ofSeconds(5))))
                    .isInstanceOf(BackupException.class).hasMessageContaining("container id");
        }
        assertThat(argsFile).doesNotExist();
    }

    @Test
    void aMissingDockerExecutableIsAnError() {
        assertThatThrownBy(() -> new DockerHookRunner(dir.resolve("no-docker").toString())
                .run(new HookCall("abc", dir, "true", Duration.ofSeconds(5))))
                .isInstanceOf(BackupException.class).hasMessageContaining("cannot start hook");
    }

    @Test
    void registryLooksUpByNameAndRefusesUnknownOnes() {
        HookRunnerRegistry registry = new HookRunnerRegistry()
                .register(new DockerHookRunner(standIn.toString())).register(new LocalHookRunner());
        assertThat(registry.lookup("docker")).isInstanceOf(DockerHookRunner.class);
        assertThat(registry.lookup("local")).isInstanceOf(LocalHookRunner.class);
        assertThatThrownBy(() -> registry.lookup("podman")).isInstanceOf(BackupException.class).hasMessageContaining("podman");
        assertThatThrownBy(() -> registry.register(new LocalHookRunner())).isInstanceOf(IllegalStateException.class);
    }
}
