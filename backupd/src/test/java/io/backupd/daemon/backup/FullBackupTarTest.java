package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.full.GzipMember;
import io.backupd.daemon.backup.full.GzipMemberIndex;
import io.backupd.daemon.storage.fs.FsStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full backup of a real volume in each format, checked with GNU tar and zstd run as separate processes. */
class FullBackupTarTest {
    private static final String LONG_NAME = "l".repeat(146) + ".txt";
    private static final String NON_ASCII = "données-日本語.txt";

    @TempDir
    Path dir;

    private Path volumeRoot;
    private Path volume;
    private long volumeBytes;

    /** A volume with nested and empty dirs, links, long and non-ASCII names, modes, an old mtime and 3 MiB of noise. */
    @BeforeEach
    void makeVolume() throws IOException {
        volumeRoot = dir.resolve("volumes");
        volume = Files.createDirectories(volumeRoot.resolve("hello/hello.web.web/1/data"));
        Files.createDirectories(volume.resolve("a/b/c"));
        Files.writeString(volume.resolve("a/b/c/deep.txt"), "deep\n");
        Files.createDirectories(volume.resolve("empty"));
        Files.createSymbolicLink(volume.resolve("link"), Path.of("a/b/c/deep.txt"));
        Files.createSymbolicLink(volume.resolve("abs"), Path.of("/etc/hostname"));
        Files.writeString(volume.resolve(NON_ASCII), "ça va\n");
        Files.writeString(volume.resolve(LONG_NAME), "long\n");
        Files.writeString(volume.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(volume.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(volume.resolve("secret"), "s");
        Files.setPosixFilePermissions(volume.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(big);
        Files.write(volume.resolve("big.bin"), big);
        Files.setLastModifiedTime(volume.resolve("big.bin"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        assertThat(LONG_NAME).hasSize(150);
        volumeBytes = 5 + 7 + 5 + 18 + 1 + big.length;
    }

    @Test
    void archiveHoldsExactlyTheVolumeWithBytesModesAndLinks() throws Exception {
        Path storeRoot = dir.resolve("store");
        BackupTask task = new BackupRig(new FsStorage(storeRoot), volumeRoot).task(new RecordingHookRunner(c -> 0));
        FakeTaskContext ctx = new FakeTaskContext(BackupTaskTest.args(), "rid-1");

        Map<String, Object> result = task.run(ctx);

        String name = (String) result.get("name");
        assertThat(name).matches("hello-hello\\.web\\.web-1-data-\\d{10}\\.tar\\.gz");
        assertThat(result.get("key")).isEqualTo("hello/hello.web.web/1/data/full/" + name);
        assertThat(result).containsEntry("format", "tar.gz").containsEntry("memberIndex", result.get("key") + ".idx");
        Path archive = storeRoot.resolve((String) result.get("key"));
        Path index = storeRoot.resolve(result.get("key") + ".idx");
        Path catalog = storeRoot.resolve("hello/hello.web.web/1/data/catalog.json");
        assertThat(filesUnder(storeRoot)).containsExactlyInAnyOrder(archive, index, catalog); // no temp file left behind
        assertThat(result).containsEntry("catalog", "hello/hello.web.web/1/data/catalog.json");
        assertThat(result.get("size")).isEqualTo(Files.size(archive));
        assertThat(result.get("sha256")).isEqualTo(sha256(archive));
        assertThat(result.get("files")).isEqualTo(6L);
        assertThat(result.get("bytes")).isEqualTo(volumeBytes);
        assertThat(result).containsEntry("volume", "/data").containsEntry("instanceNo", 1).containsKey("durationMs");
        assertThat(ctx.progress().snapshot().filesDone()).isEqualTo(6);
        assertThat(ctx.progress().snapshot().bytesDone()).isEqualTo(volumeBytes);
        // the index names members that tile the whole archive: what a parallel restore needs
        List<GzipMember> members = GzipMemberIndex.fromBytes(Files.readAllBytes(index));
        assertThat(members).hasSizeGreaterThan(3);
        assertThat(members.get(members.size() - 1).compressedEnd()).isEqualTo(Files.size(archive));

        assertThat(run("tar", "--quoting-style=literal", "-tzf", archive.toString()).lines().toList())
                .containsExactlyInAnyOrder("./", "./a/", "./a/b/", "./a/b/c/", "./a/b/c/deep.txt", "./abs", "./big.bin",
                        "./" + NON_ASCII, "./empty/", "./" + LONG_NAME, "./link", "./run.sh", "./secret");
        String verbose = run("tar", "--quoting-style=literal", "-tvzf", archive.toString());
        assertThat(verbose).containsPattern("(?m)^-rwxr-xr-x .* \\./run\\.sh$")
                .containsPattern("(?m)^-rw------- .* \\./secret$")
                .containsPattern("(?m)^lrwxrwxrwx .* \\./link -> a/b/c/deep\\.txt$")
                .containsPattern("(?m)^drwx.* \\./empty/$");

        Path out = Files.createDirectories(dir.resolve("out"));
        run("tar", "-xzf", archive.toString(), "-C", out.toString());
        assertSameTree(volume, out);
        assertThat(Files.getLastModifiedTime(out.resolve("big.bin")).toInstant()).isEqualTo("2020-01-02T03:04:05Z");
    }

    @Test
    void aTarZstArchiveIsReadByGnuTarAndByTheZstdTool() throws Exception {
        Path storeRoot = dir.resolve("store");
        BackupTask task = new BackupRig(new FsStorage(storeRoot), volumeRoot).task(new RecordingHookRunner(c -> 0));

        Map<String, Object> result = task.run(new FakeTaskContext(BackupTaskTest.args("format", "tar.zst"), "rid-1"));

        String name = (String) result.get("name");
        assertThat(name).matches("hello-hello\\.web\\.web-1-data-\\d{10}\\.tar\\.zst");
        assertThat(result).containsEntry("format", "tar.zst").doesNotContainKey("memberIndex")
                .containsEntry("files", 6L).containsEntry("bytes", volumeBytes);
        Path archive = storeRoot.resolve((String) result.get("key"));
        assertThat(filesUnder(storeRoot)).containsExactlyInAnyOrder(archive, storeRoot.resolve("hello/hello.web.web/1/data/catalog.json"));
        assertThat(result.get("sha256")).isEqualTo(sha256(archive));
        assertThat(Files.readString(storeRoot.resolve("hello/hello.web.web/1/data/catalog.json")))
                .contains("\"name\" : \"" + name + "\"", "\"format\" : \"tar.zst\"");

        run("zstd", "-tq", archive.toString()); // checks the frame and its content checksum
        Path byTar = Files.createDirectories(dir.resolve("by-tar"));
        run("tar", "--zstd", "-xf", archive.toString(), "-C", byTar.toString());
        assertSameTree(volume, byTar);
        Path byPipe = Files.createDirectories(dir.resolve("by-pipe"));
        run("sh", "-c", "zstd -dc \"$0\" | tar -x -C \"$1\"", archive.toString(), byPipe.toString());
        assertSameTree(volume, byPipe);
        assertThat(Files.getLastModifiedTime(byPipe.resolve("big.bin")).toInstant()).isEqualTo("2020-01-02T03:04:05Z");
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> relative = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(expected)) {
            walk.forEach(p -> relative.add(expected.relativize(p)));
        }
        try (Stream<Path> walk = Files.walk(actual)) {
            assertThat(walk.map(actual::relativize).toList()).containsExactlyInAnyOrderElementsOf(relative);
        }
        for (Path rel : relative) {
            Path e = expected.resolve(rel);
            Path a = actual.resolve(rel);
            if (Files.isSymbolicLink(e)) {
                assertThat(Files.isSymbolicLink(a)).as(rel + " is a link").isTrue();
                assertThat(Files.readSymbolicLink(a)).as(rel + " target").isEqualTo(Files.readSymbolicLink(e));
                continue;
            }
            assertThat(Files.getPosixFilePermissions(a, LinkOption.NOFOLLOW_LINKS)).as(rel + " mode")
                    .isEqualTo(Files.getPosixFilePermissions(e, LinkOption.NOFOLLOW_LINKS));
            if (Files.isRegularFile(e)) {
                assertThat(Files.readAllBytes(a)).as(rel + " bytes").isEqualTo(Files.readAllBytes(e));
                assertThat(Files.getLastModifiedTime(a).toMillis() / 1000).as(rel + " mtime")
                        .isEqualTo(Files.getLastModifiedTime(e).toMillis() / 1000);
            }
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " said: " + output).isZero();
        return output;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
