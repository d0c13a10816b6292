package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilePlacerTest {
    private static final FileTime MTIME = FileTime.from(Instant.parse("2022-02-02T02:02:02Z"));

    @Test
    void placesAFileInNewParentsWithModeAndTime(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);

        PlacedFile placed = restorer(fx).placeFile(fx.volume, "new/dir/file.txt", content("hello"), 0640, MTIME);

        Path file = fx.volume.resolve("new/dir/file.txt");
        assertThat(Files.readString(file)).isEqualTo("hello");
        assertThat(mode(file)).isEqualTo(0640);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(MTIME);
        assertThat(placed).isEqualTo(new PlacedFile(5, java.util.List.of()));
        try (var list = Files.list(file.getParent())) {
            assertThat(list).containsExactly(file); // no temp file left
        }
    }

    @Test
    void aPlacedFileOfZerosTakesHolesNotBlocks(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);
        long length = 64L << 20;
        java.io.InputStream zeros = new java.io.InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };

        PlacedFile placed = restorer(fx).placeFile(fx.volume, "zeros.img", zeros, 0640, MTIME);

        Path file = fx.volume.resolve("zeros.img");
        assertThat(placed.bytes()).isEqualTo(length);
        assertThat(Files.size(file)).isEqualTo(length);
        assertThat(Sparse.allocatedBytes(file)).isLessThan(1L << 20);
    }

    @Test
    void replacesAnExistingFileByRename(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);
        Path file = fx.volume.resolve("old.txt");
        long before = TreeSnapshot.inode(file);

        restorer(fx).placeFile(fx.volume, "old.txt", content("replaced"), 0600, MTIME);

        assertThat(Files.readString(file)).isEqualTo("replaced");
        assertThat(TreeSnapshot.inode(file)).isNotEqualTo(before);
    }

    @Test
    void replacesASymlinkAtTheTargetInsteadOfWritingThroughIt(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);
        Path outside = tmp.resolve("outside.txt");
        Files.writeString(outside, "outside");
        Files.createSymbolicLink(fx.volume.resolve("trap"), outside);

        restorer(fx).placeFile(fx.volume, "trap", content("inside"), 0644, MTIME);

        assertThat(Files.isSymbolicLink(fx.volume.resolve("trap"))).isFalse();
        assertThat(Files.readString(fx.volume.resolve("trap"))).isEqualTo("inside");
        assertThat(Files.readString(outside)).isEqualTo("outside");
    }

    @Test
    void refusesAPathThroughASymlinkInTheVolume(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createSymbolicLink(fx.volume.resolve("escape"), outside);
        Map<String, String> rootBefore = TreeSnapshot.of(fx.root, false);

        assertThatThrownBy(() -> restorer(fx).placeFile(fx.volume, "escape/x", content("evil"), 0644, MTIME))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("path 'escape/x': 'escape' is a symlink in the volume, not a directory");
                });
        try (var list = Files.list(outside)) {
            assertThat(list).isEmpty();
        }
        assertThat(TreeSnapshot.of(fx.root, false)).isEqualTo(rootBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/x", "a/../../x", "a\0b", "", "."})
    void refusesEscapingPaths(String path, @TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Map<String, String> rootBefore = TreeSnapshot.of(fx.root, false);

        assertThatThrownBy(() -> restorer(fx).placeFile(fx.volume, path, content("evil"), 0644, MTIME))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(TreeSnapshot.of(fx.root, false)).isEqualTo(rootBefore);
    }

    @Test
    void refusesToReplaceADirectory(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);

        assertThatThrownBy(() -> restorer(fx).placeFile(fx.volume, "shared", content("x"), 0644, MTIME))
                .hasMessage("path 'shared': 'shared' is a directory in the volume");
        assertThat(Files.isDirectory(fx.volume.resolve("shared"))).isTrue();
    }

    @Test
    void stripsSpecialBitsWithANote(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);

        PlacedFile placed = restorer(fx).placeFile(fx.volume, "tool", content("x"), 04755, MTIME);

        assertThat(mode(fx.volume.resolve("tool"))).isEqualTo(0755);
        assertThat(placed.notes()).containsExactly("'tool': setuid bit stripped (mode 4755 placed as 0755)");
    }

    private static Restorer restorer(RestoreFixture fx) {
        return fx.restorer(CrashPoint.NONE);
    }

    private static ByteArrayInputStream content(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int mode(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
