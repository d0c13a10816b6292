package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Visits a directory tree depth-first, children in name order, without following symlinks. Only
 * one directory's names are held at a time per level, and the walk is iterative, so a deep or
 * wide volume costs neither the stack nor the heap.
 */
final class VolumeWalker {

    @FunctionalInterface
    interface Visitor {
        /** {@code name} is {@code ./} for the root and {@code ./a/b} below it. */
        void visit(Path path, String name) throws IOException;
    }

    private VolumeWalker() {
    }

    static void walk(Path root, Visitor visitor) throws IOException {
        Deque<Path> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Path path = pending.pop();
            visitor.visit(path, name(root, path));
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> children = children(path);
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            return List.of(); // removed while we walked; its entry is written already
        }
        children.sort(null);
        return children;
    }

    private static String name(Path root, Path path) {
        if (path.equals(root)) {
            return "./";
        }
        return "./" + root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
