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
import java.util.List;
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

    @Test
    void anArchiveNameLeadsToItsCatalogWithoutAScan() {
        BackupLayout layout = new BackupLayout(dir);
        assertThat(layout.archiveNames("hello-hello.web.web-2-var-lib-mysql-1700000000.tar.gz")).singleElement()
                .satisfies(a -> {
                    assertThat(a.app()).isEqualTo("hello");
                    assertThat(a.proc()).isEqualTo("hello.web.web");
                    assertThat(a.instanceNo()).isEqualTo(2);
                    assertThat(a.volumeKey()).isEqualTo("var-lib-mysql");
                    assertThat(a.created()).isEqualTo(Instant.ofEpochSecond(1700000000));
                    assertThat(a.format()).isEqualTo("tar.gz");
                    assertThat(layout.catalogKey(a)).isEqualTo("hello/hello.web.web/2/var-lib-mysql/catalog.json");
                });
        BackupTarget t = layout.target(args("hello", "hello.web.web", "2", "/var/lib/mysql"));
        assertThat(layout.catalogKey(t)).isEqualTo("hello/hello.web.web/2/var-lib-mysql/catalog.json");
        assertThat(layout.isArchiveOf(t, layout.fullArchiveName(t, Instant.ofEpochSecond(5), ".tar.gz"))).isTrue();
        assertThat(layout.isArchiveOf(t, "hello-hello.web.web-3-var-lib-mysql-5.tar.gz")).isFalse();
    }

    @Test
    void namesWithHyphensEverywhereAreReadEveryPossibleWay() {
        BackupLayout layout = new BackupLayout(dir);
        assertThat(layout.archiveNames("my-app-my-app.web.web-0-data-1.tar.gz")).singleElement()
                .satisfies(a -> assertThat(List.of(a.app(), a.proc(), a.volumeKey())).containsExactly("my-app", "my-app.web.web", "data"));
        assertThat(layout.archiveNames("a-a.web.w-1-2-data-9.tar.gz"))
                .extracting(a -> a.proc() + "#" + a.instanceNo() + "#" + a.volumeKey())
                .containsExactlyInAnyOrder("a.web.w#1#2-data", "a.web.w-1#2#data");
    }

    @ParameterizedTest
    @CsvSource({"notes.txt", "hello-hello.web.web-1-data.tar.gz", "hello-other.web.web-1-data-5.tar.gz",
            "hello-hello.web.web-x-data-5.tar.gz", "hello-hello.web.web-1-data-5.zip"})
    void namesThatAreNotArchiveNamesHaveNoReading(String name) {
        assertThat(new BackupLayout(dir).archiveNames(name)).isEmpty();
    }

    @Test
    void volumeFiltersAreCheckedLikeVolumesAndNameTheField() {
        BackupLayout layout = new BackupLayout(dir);
        assertThat(layout.checkVolume("/var/lib/hello/", "dir")).isEqualTo("/var/lib/hello");
        assertThatThrownBy(() -> layout.checkVolume("/data/../etc", "dir")).hasMessageContaining("'dir'");
        assertThatThrownBy(() -> layout.checkName("../x", "app")).hasMessageContaining("'app'");
    }
}
