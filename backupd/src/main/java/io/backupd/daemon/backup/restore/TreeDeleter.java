package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code rm -rf} that never follows a symlink, even one swapped in while it runs. The old content
 * of a volume may still be reachable by a container process (an open directory handle survives
 * the move out of the volume), so a plain path walk could be redirected between its check and
 * its use; here every step is relative to an open directory handle ({@link SecureDirectoryStream}:
 * openat with O_NOFOLLOW, unlinkat). Platforms without secure directory streams fall back to a
 * walk that does not follow links.
 *
 * <p>Idempotent: a missing path is not an error. Not atomic: a failure leaves part of the tree.
 */
final class TreeDeleter {
    private TreeDeleter() {
    }

    static void delete(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attrs.isDirectory()) {
            Files.deleteIfExists(path);
            return;
        }
        for (int pass = 0; ; pass++) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
                if (stream instanceof SecureDirectoryStream<Path> secure) {
                    deleteContents(secure);
                } else {
                    walkDelete(path);
                    return;
                }
            } catch (NoSuchFileException e) {
                return;
            }
            try {
                Files.deleteIfExists(path);
                return;
            } catch (DirectoryNotEmptyException e) {
                if (pass >= 2) {
                    throw e;
                }
            }
        }
    }

    private static void deleteContents(SecureDirectoryStream<Path> dir) throws IOException {
        for (Path child : dir) {
            Path name = child.getFileName();
            BasicFileAttributes attrs;
            try {
                attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            } catch (NoSuchFileException e) {
                continue;
            }
            if (attrs.isDirectory()) {
                deleteDirectory(dir, name);
            } else {
                try {
                    dir.deleteFile(name);
                } catch (NoSuchFileException ignored) {
                    // gone already
                }
            }
        }
    }

    private static void deleteDirectory(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        // readdir while unlinking may skip entries on some filesystems; a second pass catches those
        for (int pass = 0; ; pass++) {
            try (SecureDirectoryStream<Path> sub = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                deleteContents(sub);
            }
            try {
                parent.deleteDirectory(name);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (DirectoryNotEmptyException e) {
                if (pass >= 2) {
                    throw e;
                }
            }
        }
    }

    private static void walkDelete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
