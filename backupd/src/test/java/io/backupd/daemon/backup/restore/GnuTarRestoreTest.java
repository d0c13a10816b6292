package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by GNU tar (the format our own backups and operators' hand-made archives use)
 * restore to exactly the source tree: content, empty dirs, symlinks, hard links, non-ASCII and
 * long names, modes, mtimes.
 */
class GnuTarRestoreTest {

    @ParameterizedTest(name = "tar --format={0}")
    @ValueSource(strings = {"gnu", "posix"})
    void restoresAGnuTarArchiveExactly(String format, @TempDir Path tmp) throws IOException {
        Path source = tmp.resolve("source");
        buildSourceTree(source);
        Path archive = tmp.resolve("archive.tar.gz");
        Processes.ok(List.of("tar", "--format=" + format, "-czf", archive.toString(), "-C", source.toString(), "."));
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));
        long inode = TreeSnapshot.inode(fx.volume);
        Restorer restorer = fx.restorer(CrashPoint.NONE);

        Map<String, Object> result = restorer.restore(new RestoreRequest(fx.volume, "r1",
                () -> Files.newInputStream(archive), GzipCompressorInputStream::new, RestoreFixture.sha256(Files.readAllBytes(archive))));

        Processes.Result diff = Processes.run(List.of("diff", "-r", "--no-dereference", source.toString(), fx.volume.toString()));
        assertThat(diff.exitCode()).as(diff.output()).isZero();
        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(TreeSnapshot.of(source));
        assertThat(TreeSnapshot.inode(fx.volume.resolve("hard-a"))).isEqualTo(TreeSnapshot.inode(fx.volume.resolve("sub/hard-b")));
        assertThat(TreeSnapshot.inode(fx.volume)).isEqualTo(inode);
        assertThat(result).containsEntry("files", 9L).containsEntry("dirs", 6L).containsEntry("hardLinks", 1L).containsEntry("symlinks", 3L)
                .containsEntry("notes", List.of()).containsKey("durationMs");
        assertThat(result.get("bytes")).isEqualTo(Files.size(source.resolve("big.bin")) + 63L);
        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @ParameterizedTest(name = "tar -S --format={0}")
    @ValueSource(strings = {"gnu", "posix"})
    void restoresSparseFilesWithTheirContent(String format, @TempDir Path tmp) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(source.resolve("db.sparse").toFile(), "rw")) {
            file.write("head".getBytes(StandardCharsets.UTF_8));
            file.seek(5_000_000);
            file.write("tail".getBytes(StandardCharsets.UTF_8));
        }
        Path archive = tmp.resolve("archive.tar.gz");
        Processes.ok(List.of("tar", "-S", "--format=" + format, "-czf", archive.toString(), "-C", source.toString(), "."));
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));

        fx.restorer(CrashPoint.NONE).restore(new RestoreRequest(fx.volume, "r1", () -> Files.newInputStream(archive),
                GzipCompressorInputStream::new, RestoreFixture.sha256(Files.readAllBytes(archive))));

        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(TreeSnapshot.of(source));
    }

    /** 9 files, a hard link, 3 symlinks, empty dirs, non-ASCII and long names, assorted modes and times. */
    private static void buildSourceTree(Path root) throws IOException {
        Files.createDirectories(root);
        write(root.resolve("plain.txt"), "plain text\n", "rw-r--r--");                   // 11 bytes
        write(root.resolve("run.sh"), "#!/bin/sh\necho hi\n", "rwxr-xr-x");               // 18
        write(root.resolve("private"), "secret", "rw-------");                            // 6
        write(root.resolve("данные/файл.txt"), "кириллица", "rw-r--r--");                 // 18
        write(root.resolve("日本語 名前.txt"), "x", "rw-rw-r--");                          // 1
        String longName = "n".repeat(120) + "/" + "m".repeat(200) + "/" + "long-file-name-".repeat(10) + ".txt";
        write(root.resolve(longName), "long", "r--r--r--");                               // 4
        write(root.resolve("hard-a"), "hard!", "rw-r--r--");                              // 5 (counted once)
        write(root.resolve("empty-file"), "", "rw-r--r--");                               // 0
        Files.createDirectories(root.resolve("sub"));
        Files.createLink(root.resolve("sub/hard-b"), root.resolve("hard-a"));
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Files.write(root.resolve("big.bin"), big);
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createDirectories(root.resolve("locked"));
        Files.createSymbolicLink(root.resolve("link-to-file"), Path.of("plain.txt"));
        Files.createSymbolicLink(root.resolve("sub/link-up"), Path.of("../данные/файл.txt"));
        Files.createSymbolicLink(root.resolve("link-to-dir"), Path.of("sub"));
        FileTime old = FileTime.from(Instant.parse("2019-05-06T07:08:09Z"));
        for (String dir : List.of("empty-dir", "locked", "sub", "данные", "n".repeat(120), "n".repeat(120) + "/" + "m".repeat(200))) {
            Files.setLastModifiedTime(root.resolve(dir), old);
        }
        Files.setPosixFilePermissions(root.resolve("locked"), PosixFilePermissions.fromString("r-x------"));
        Files.setPosixFilePermissions(root.resolve("empty-dir"), PosixFilePermissions.fromString("rwxr-x---"));
    }

    private static void write(Path file, String content, String perms) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2018-01-02T03:04:05Z")));
        assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
