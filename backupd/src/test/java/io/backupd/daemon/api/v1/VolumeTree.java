package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Real volume trees for recover tests: fill, change, copy aside with {@code cp -a}, and compare with {@code diff -r}. */
final class VolumeTree {
    private VolumeTree() {
    }

    /** Files of several modes, nested and empty directories, relative and absolute symlinks, a binary and an odd name. */
    static void fill(Path volume, String tag) throws IOException {
        write(volume, "a.txt", tag + " a\n", "rw-r--r--");
        write(volume, "conf/app.json", "{\"tag\": \"" + tag + "\"}\n", "rw-------");
        write(volume, "bin/run.sh", "#!/bin/sh\necho " + tag + "\n", "rwxr-x---");
        write(volume, "data/nested/deep/name with spaces ñ.txt", tag + " deep\n", "rw-r-----");
        byte[] blob = new byte[200_000];
        new Random(tag.hashCode()).nextBytes(blob);
        Files.createDirectories(volume.resolve("data/blob"));
        Files.write(volume.resolve("data/blob/random.bin"), blob);
        Files.createDirectories(volume.resolve("cache/empty"));
        Files.setPosixFilePermissions(volume.resolve("cache"), PosixFilePermissions.fromString("rwxr-x--x"));
        Files.createSymbolicLink(volume.resolve("current"), Path.of("conf/app.json"));
        Files.createSymbolicLink(volume.resolve("data/abs"), Path.of("/etc/hostname"));
    }

    /** Edits, deletes, adds, changes modes and re-points a symlink. */
    static void change(Path volume) throws IOException {
        Files.writeString(volume.resolve("a.txt"), "edited after the backup\n");
        Files.delete(volume.resolve("conf/app.json"));
        Files.delete(volume.resolve("cache/empty"));
        write(volume, "added.txt", "new\n", "rw-rw-rw-");
        write(volume, "newdir/sub/x.txt", "x\n", "rw-r--r--");
        Files.setPosixFilePermissions(volume.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.delete(volume.resolve("current"));
        Files.createSymbolicLink(volume.resolve("current"), Path.of("a.txt"));
    }

    static void write(Path volume, String name, String content, String perms) throws IOException {
        Path file = volume.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }

    /** A copy of {@code volume} at {@code copy}, with modes, owners, times and links as they are. */
    static Path copy(Path volume, Path copy) {
        run(List.of("cp", "-a", volume.toString(), copy.toString()), 0);
        return copy;
    }

    /** Asserts that {@code diff -r --no-dereference} finds the two trees equal (content, names, symlink targets). */
    static void assertSameTree(Path expected, Path actual) {
        String out = run(List.of("diff", "-r", "--no-dereference", expected.toString(), actual.toString()), -1);
        assertThat(out).as("diff -r %s %s", expected, actual).isEmpty();
        assertThat(listing(actual)).as("modes, owners, mtimes, symlink targets").isEqualTo(listing(expected));
    }

    /** Per path below {@code root}: type, permissions, owner, mtime seconds (not of symlinks), and digest or link target. */
    static Map<String, String> listing(Path root) {
        Map<String, String> out = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) {
                        out.put(root.relativize(dir).toString(), "dir " + meta(dir, attrs));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String key = root.relativize(file).toString();
                    out.put(key, attrs.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(file)
                            : "file " + meta(file, attrs) + " sha256=" + sha256(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static long inode(Path path) {
        try {
            return (Long) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String meta(Path path, BasicFileAttributes attrs) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return String.format("%04o %s:%s mtime=%d", mode & 07777, Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS), attrs.lastModifiedTime().toMillis() / 1000);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
                MessageDigest.getInstance("SHA-256"))) {
            DigestInputStream digesting = (DigestInputStream) in;
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command; returns its output. {@code expectedExit} -1 accepts any exit code. */
    private static String run(List<String> command, int expectedExit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            if (expectedExit >= 0) {
                assertThat(process.exitValue()).as("%s: %s", command, out).isEqualTo(expectedExit);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
