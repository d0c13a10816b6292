package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Builds source trees for tests and compares restored trees with them. */
final class SourceTrees {
    private SourceTrees() {
    }

    /** Random bytes that compress about half: runs of random and of repeated text. */
    static byte[] data(long seed, int size) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 256 + r.nextInt(4096));
            if (r.nextBoolean()) {
                for (int k = 0; k < run; k++) {
                    b[i + k] = (byte) r.nextInt();
                }
            } else {
                byte[] text = ("line " + r.nextInt(1000) + " of some log text\n").getBytes(StandardCharsets.US_ASCII);
                for (int k = 0; k < run; k++) {
                    b[i + k] = text[k % text.length];
                }
            }
            i += run;
        }
        return b;
    }

    /** Files of several kinds: text, binary, empty, nested, non-ASCII names, modes, symlinks, an empty dir. */
    static void create(Path root) throws IOException {
        Files.createDirectories(root);
        write(root.resolve("a.txt"), "hello\n".getBytes(StandardCharsets.UTF_8));
        write(root.resolve("big.bin"), data(1, 300_000));
        write(root.resolve("zero"), new byte[0]);
        write(root.resolve("dir/sub/c.log"), data(2, 50_000));
        write(root.resolve("dir/sub/d.log"), data(3, 7_000));
        write(root.resolve("dir/e.json"), "{\"x\":1}\n".getBytes(StandardCharsets.UTF_8));
        write(root.resolve("ünïcödé/файл 名前.txt"), "non-ascii\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("empty/deeper"));
        Files.setPosixFilePermissions(root.resolve("dir/e.json"), PosixFilePermissions.fromString("rw-------"));
        write(root.resolve("run.sh"), "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(root.resolve("empty"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        Files.createSymbolicLink(root.resolve("dir/dangling"), Path.of("/nonexistent/target"));
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.fromMillis(1_600_000_000_123L));
        Files.setLastModifiedTime(root.resolve("dir/sub"), FileTime.fromMillis(1_500_000_000_000L));
    }

    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** Relative paths below {@code root}, sorted. */
    static List<String> paths(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).forEach(p -> out.add(root.relativize(p).toString()));
        }
        out.sort(String::compareTo);
        return out;
    }

    /** Asserts that {@code restored} has the same entries, bytes, modes, mtimes and links as {@code source}. */
    static void assertSameTree(Path source, Path restored) throws IOException {
        assertThat(paths(restored)).containsExactlyElementsOf(paths(source));
        for (String rel : paths(source)) {
            Path a = source.resolve(rel);
            Path b = restored.resolve(rel);
            if (Files.isSymbolicLink(a)) {
                assertThat(Files.isSymbolicLink(b)).as(rel + " is a symlink").isTrue();
                assertThat(Files.readSymbolicLink(b)).as(rel).isEqualTo(Files.readSymbolicLink(a));
                continue;
            }
            assertThat(Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS)).as(rel + " is a dir")
                    .isEqualTo(Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS));
            if (Files.isRegularFile(a, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(Files.readAllBytes(b)).as(rel + " content").isEqualTo(Files.readAllBytes(a));
            }
            assertThat(Files.getPosixFilePermissions(b, LinkOption.NOFOLLOW_LINKS)).as(rel + " mode")
                    .isEqualTo(Files.getPosixFilePermissions(a, LinkOption.NOFOLLOW_LINKS));
            assertThat(Files.getLastModifiedTime(b, LinkOption.NOFOLLOW_LINKS)).as(rel + " mtime")
                    .isEqualTo(Files.getLastModifiedTime(a, LinkOption.NOFOLLOW_LINKS));
        }
    }
}
