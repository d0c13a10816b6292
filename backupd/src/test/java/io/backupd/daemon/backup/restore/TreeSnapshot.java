package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * A comparable description of a tree, root excluded: per path its type, permissions, owner, mtime
 * (seconds), and content digest or symlink target. Never follows a symlink.
 */
public final class TreeSnapshot {
    private TreeSnapshot() {
    }

    public static Map<String, String> of(Path root) {
        return of(root, true);
    }

    public static Map<String, String> of(Path root, boolean withMtimes) {
        Map<String, String> out = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) {
                        out.put(root.relativize(dir).toString(), "dir " + common(dir, attrs, withMtimes));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String key = root.relativize(file).toString();
                    if (attrs.isSymbolicLink()) {
                        out.put(key, "link -> " + Files.readSymbolicLink(file) + " " + owner(file));
                    } else if (attrs.isRegularFile()) {
                        out.put(key, "file " + common(file, attrs, withMtimes) + " sha256=" + digest(file));
                    } else {
                        out.put(key, "special " + common(file, attrs, withMtimes));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String common(Path path, BasicFileAttributes attrs, boolean withMtimes) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return String.format("%04o %s %s", mode & 07777, owner(path),
                withMtimes ? "mtime=" + attrs.lastModifiedTime().toMillis() / 1000 : "");
    }

    private static String owner(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            DigestInputStream digesting = ArchiveDigest.digesting(in);
            ArchiveDigest.drain(digesting);
            return ArchiveDigest.hex(digesting);
        }
    }

    public static long inode(Path path) {
        try {
            return (Long) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
