package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Walks a source directory depth-first with each directory's children sorted by name, which yields
 * entries in {@link PathOrder}. Never follows symlinks (they are recorded as links); skips fifos,
 * sockets and devices. An entry that vanishes or cannot be read mid-walk is skipped with a warning,
 * as a live volume changes while it is backed up. Not thread-safe.
 */
final class SourceWalker {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,size,lastModifiedTime,ctime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    /** Receives entries in order; a directory before its children. */
    interface Visitor {
        void visit(SourceEntry entry) throws IOException;
    }

    private final Path root;
    private final Warnings warnings;

    private record Child(String name, Path path) {
    }

    SourceWalker(Path root, Warnings warnings) {
        this.root = root;
        this.warnings = warnings;
    }

    void walk(Visitor visitor) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw BackupException.invalid("backup source " + root + " is not a directory");
        }
        walkDir(root, "", visitor);
    }

    private void walkDir(Path dir, String prefix, Visitor visitor) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                children.add(new Child(p.getFileName().toString(), p));
            }
        } catch (IOException e) {
            if (dir.equals(root)) {
                throw e;
            }
            warnings.add(prefix, "cannot list directory: " + e);
            return;
        }
        children.sort(Comparator.comparing(Child::name));
        for (Child child : children) {
            String path = prefix + child.name();
            SourceEntry entry = stat(child.path(), path);
            if (entry == null) {
                continue;
            }
            visitor.visit(entry);
            if (entry.type() == EntryType.DIR) {
                walkDir(child.path(), path + "/", visitor);
            }
        }
    }

    private SourceEntry stat(Path file, String path) {
        try {
            Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            EntryType type = switch (mode & S_IFMT) {
                case S_IFDIR -> EntryType.DIR;
                case S_IFREG -> EntryType.FILE;
                case S_IFLNK -> EntryType.SYMLINK;
                default -> null;
            };
            if (type == null) {
                warnings.add(path, "skipped: not a regular file, directory or symlink");
                return null;
            }
            String target = type == EntryType.SYMLINK ? Files.readSymbolicLink(file).toString() : null;
            long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
            long ctime = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
            long size = type == EntryType.FILE ? (Long) a.get("size") : 0;
            return new SourceEntry(path, file, type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    mtime, ctime, size, (Long) a.get("ino"), (Long) a.get("dev"), target);
        } catch (NoSuchFileException e) {
            return null; // deleted since the directory was listed: it is simply not part of this snapshot
        } catch (IOException e) {
            warnings.add(path, "cannot stat: " + e);
            return null;
        }
    }
}
