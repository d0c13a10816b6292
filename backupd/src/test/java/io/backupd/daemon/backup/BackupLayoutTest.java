package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupLayoutTest {
    @TempDir
    Path dir;

    static Map<String, String> args(String app, String proc, String instanceNo, String volume) {
        Map<String, String> args = new HashMap<>();
        args.put("app", app);
        args.put("proc", proc);
        args.put("instanceNo", instanceNo);
        args.put("volume", volume);
        return args;
    }

    @Test
    void pathsAndKeysFollowLain() {
        BackupLayout layout = new BackupLayout(dir);
        BackupTarget t = layout.target(args("hello", "hello.web.web", "2", "/var/lib/mysql"));

        assertThat(layout.volumeDir(t)).isEqualTo(dir.resolve("hello/hello.web.web/2/var/lib/mysql"));
        assertThat(layout.volumeKey("/var/lib/mysql")).isEqualTo("var-lib-mysql");
        String name = layout.fullArchiveName(t, Instant.ofEpochSecond(1700000000), ".tar.gz");
        assertThat(name).isEqualTo("hello-hello.web.web-2-var-lib-mysql-1700000000.tar.gz");
        assertThat(layout.fullArchiveKey(t, name))
                .isEqualTo("hello/hello.web.web/2/var-lib-mysql/full/hello-hello.web.web-2-var-lib-mysql-1700000000.tar.gz");
    }

    @Test
    void aTrailingSlashOnTheVolumeIsTheSameVolume() {
        BackupLayout layout = new BackupLayout(dir);
        assertThat(layout.target(args("a", "a.web.web", "1", "/data/")).volume()).isEqualTo("/data");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "app, ..",
            "app, ../etc",
            "app, /etc",
            "app, a/b",
            "app, .hidden",
            "proc, /etc/passwd",
            "proc, hello.web.web/../..",
            "proc, other.web.web",
            "proc, hello..web",
            "instanceNo, -1",
            "instanceNo, 1/../../x",
            "instanceNo, one",
            "volume, relative/path",
            "volume, /",
            "volume, /data/../../../etc",
            "volume, /data/./x",
            "volume, /data//x",
    })
    void argsThatCouldEscapeAreRefusedNamingTheArg(String arg, String value) {
        Map<String, String> args = args("hello", "hello.web.web", "1", "/data");
        args.put(arg, value);
        assertThatThrownBy(() -> new BackupLayout(dir).target(args))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'" + arg + "'");
                });
    }

    @Test
    void aMissingArgIsNamed() {
        Map<String, String> args = args("hello", "hello.web.web", "1", "/data");
        args.remove("volume");
        assertThatThrownBy(() -> new BackupLayout(dir).target(args)).hasMessageContaining("'volume' is missing");
    }

    @Test
    void aSymlinkedVolumeDirThatLeavesTheRootIsRefused() throws IOException {
        Path root = Files.createDirectories(dir.resolve("volumes"));
        Path outside = Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(root.resolve("hello/hello.web.web/1"));
        Files.createSymbolicLink(root.resolve("hello/hello.web.web/1/data"), outside);
        BackupLayout layout = new BackupLayout(root);
        BackupTarget t = layout.target(args("hello", "hello.web.web", "1", "/data"));

        assertThatThrownBy(() -> layout.volumeDir(t))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("symlink");
                });
    }

    @Test
    void aSymlinkedAppDirThatLeavesTheRootIsRefusedEvenIfTheVolumeDoesNotExist() throws IOException {
        Path root = Files.createDirectories(dir.resolve("volumes"));
        Files.createSymbolicLink(root.resolve("hello"), Files.createDirectories(dir.resolve("elsewhere")));
        BackupLayout layout = new BackupLayout(root);
        BackupTarget t = layout.target(args("hello", "hello.web.web", "1", "/data"));
        assertThatThrownBy(() -> layout.volumeDir(t)).isInstanceOf(BackupException.class).hasMessageContaining("symlink");
    }

    @Test
    void aSymlinkThatStaysInsideTheRootIsFine() throws IOException {
        Path root = Files.createDirectories(dir.resolve("volumes"));
        Path real = Files.createDirectories(root.resolve("shared/data"));
        Files.createDirectories(root.resolve("hello/hello.web.web/1"));
        Files.createSymbolicLink(root.resolve("hello/hello.web.web/1/data"), real);
        BackupLayout layout = new BackupLayout(root);
        BackupTarget t = layout.target(args("hello", "hello.web.web", "1", "/data"));
        assertThat(layout.existingVolumeDir(t)).isEqualTo(root.resolve("hello/hello.web.web/1/data"));
    }

    @Test
    void aMissingVolumeIsNotFoundWithAClearReason() {
        BackupLayout layout = new BackupLayout(dir);
        BackupTarget t = layout.target(args("hello", "hello.web.web", "3", "/data"));
        assertThatThrownBy(() -> layout.existingVolumeDir(t))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("/data", "instance 3", "does not exist");
                });
    }
}
