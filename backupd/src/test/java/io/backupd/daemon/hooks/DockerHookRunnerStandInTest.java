package io.backupd.daemon.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
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
 * {@code docker} script, a test double: {@code inspect} answers a container's mount sources from
 * the fixture file {@code mounts/<container>} (no file: "No such container", as docker says), and
 * {@code exec} records its arguments in {@code args}, then runs the command itself the way
 * {@code docker exec ... sh -c <cmd>} would.
 */
class DockerHookRunnerStandInTest {
    @TempDir
    Path dir;

    Path standIn;
    Path argsFile;
    Path mounts;
    Path volumeDir;

    @BeforeEach
    void writeStandIn() throws IOException {
        argsFile = dir.resolve("args");
        mounts = Files.createDirectory(dir.resolve("mounts"));
        volumeDir = Files.createDirectories(dir.resolve("volumes/hello/hello.web.web/1/data"));
        standIn = dir.resolve("docker");
        Files.writeString(standIn, """
                #!/bin/sh
                # test double for the docker CLI (no Docker engine here)
                if [ "$1" = inspect ]; then
                  # inspect --type container --format <template> <container>
                  [ "$2 $3" = "--type container" ] || { echo "stand-in: inspect needs --type container" >&2; exit 125; }
                  [ -f '%MOUNTS%/'"$6" ] || { echo "Error: No such container: $6" >&2; exit 1; }
                  cat '%MOUNTS%/'"$6"; exit 0
                fi
                for a in "$@"; do printf '%s\\n' "$a" >> '%ARGS%'; done
                [ "$1" = exec ] || { echo "stand-in only knows inspect and exec" >&2; exit 125; }
                shift 4   # exec -w /lain/app <container>
                exec "$@"
                """.replace("%ARGS%", argsFile.toString()).replace("%MOUNTS%", mounts.toString()));
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        mounts("3f2a9c0d1e", "/etc/localtime", volumeDir.toString());
        mounts("abc", volumeDir + "/");
    }

    /** The fixture: the host folders {@code container} mounts, one a line, as the inspect template prints them. */
    private void mounts(String container, String... sources) throws IOException {
        Files.writeString(mounts.resolve(container), sources.length == 0 ? "" : String.join("\n", sources) + "\n");
    }

    private HookCall call(String container, String command) {
        return new HookCall(container, volumeDir, command, Duration.ofSeconds(10));
    }

    @Test
    void runsDockerExecInTheAppDirOfTheContainer() throws IOException {
        HookResult result = new DockerHookRunner(standIn.toString())
                .run(call("3f2a9c0d1e", "echo flushed; exit 0"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outputTail()).isEqualTo("flushed\n");
        assertThat(Files.readAllLines(argsFile))
                .containsExactly("exec", "-w", "/lain/app", "3f2a9c0d1e", "sh", "-c", "echo flushed; exit 0");
    }

    @Test
    void theExitCodeOfTheCommandIsReported() {
        HookResult result = new DockerHookRunner(standIn.toString())
                .run(call("abc", "echo nope; exit 4"));
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
    void aContainerOfAnotherAppIsRefusedAndNothingIsExecutedInIt() throws IOException {
        mounts("foreign1", "/etc/localtime", dir.resolve("volumes/other/other.web.web/1/data").toString());

        assertThatThrownBy(() -> new DockerHookRunner(standIn.toString()).run(call("foreign1", "cat /etc/shadow")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("foreign1").hasMessageContaining(volumeDir.toString())
                .hasMessageContaining("it mounts /etc/localtime, " + dir.resolve("volumes/other/other.web.web/1/data"))
                .satisfies(e -> assertThat(((BackupException) e).code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(argsFile).as("no docker exec ran").doesNotExist();
    }

    @Test
    void aContainerThatMountsTheWholeVolumeRootIsNotTheInstancesOwn() throws IOException {
        // Lain's log collector (rebellion) mounts /data/lain/volumes/ whole: it is nobody's instance
        mounts("collector", dir.resolve("volumes").toString() + "/", dir.resolve("volumes/hello").toString());

        assertThatThrownBy(() -> new DockerHookRunner(standIn.toString()).run(call("collector", "true")))
                .isInstanceOf(BackupException.class).hasMessageContaining("collector");
        assertThat(argsFile).doesNotExist();
    }

    @Test
    void aContainerInspectCannotFindIsRefusedNamingIt() {
        assertThatThrownBy(() -> new DockerHookRunner(standIn.toString()).run(call("gone42", "true")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("gone42").hasMessageContaining("No such container");
        assertThat(argsFile).doesNotExist();
    }

    @Test
    void aContainerWithoutMountsIsRefused() throws IOException {
        mounts("bare");
        assertThatThrownBy(() -> new DockerHookRunner(standIn.toString()).run(call("bare", "true")))
                .isInstanceOf(BackupException.class).hasMessageContaining("bare").hasMessageContaining("it mounts nothing");
        assertThat(argsFile).doesNotExist();
    }

    @Test
    void moreMountsThanCanBeCheckedWholeAreRefusedNotCheckedInPart() throws IOException {
        String[] many = new String[2_000];
        many[0] = volumeDir.toString();
        for (int i = 1; i < many.length; i++) {
            many[i] = "/data/lain/volumes/other/other.web.web/1/some/long/enough/path/" + i;
        }
        mounts("crowded", many);

        assertThatThrownBy(() -> new DockerHookRunner(standIn.toString()).run(call("crowded", "true")))
                .isInstanceOf(BackupException.class).hasMessageContaining("crowded").hasMessageContaining("more mounts than");
        assertThat(argsFile).doesNotExist();
    }

    @Test
    void aVolumeRootReachedThroughASymlinkMatchesTheRealMountSource() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("linked-volumes"), dir.resolve("volumes"));
        Path throughLink = linkedRoot.resolve("hello/hello.web.web/1/data");
        mounts("real", volumeDir.toRealPath().toString());

        HookResult result = new DockerHookRunner(standIn.toString())
                .run(new HookCall("real", throughLink, "echo ok", Duration.ofSeconds(10)));

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readAllLines(argsFile)).contains("real");
    }

    @Test
    void theInstancesOwnContainerRunsTheHookAfterTheCheck() throws IOException {
        HookResult result = new DockerHookRunner(standIn.toString()).run(call("abc", "echo ok"));

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readAllLines(argsFile)).containsExactly("exec", "-w", "/lain/app", "abc", "sh", "-c", "echo ok");
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
