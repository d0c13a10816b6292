package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Walks a source directory depth-first with each directory's children sorted by name, which yields
 * entries in {@link PathOrder}. Never follows symlinks (they are recorded as links); skips fifos,
 * sockets and devices. An entry that vanishes or cannot be read mid-walk is skipped with a warning,
 * as a live volume changes while it is backed up.
 *
 * <p>Listing a directory and {@code lstat}ing its children is most of a walk's cost, so it runs on a
 * few threads of its own, a bounded number of directories ahead of the visitor: while the visitor
 * handles one directory's entries, the next sibling directories are listed. Visits (and warnings)
 * happen on the calling thread, in order. Not thread-safe: one walk at a time; close it to stop its
 * threads.
 */
final class SourceWalker implements AutoCloseable {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,size,lastModifiedTime,ctime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    /** Subdirectories of one directory listed ahead of the visitor, at most. */
    private static final int AHEAD = 8;

    /** Receives entries in order; a directory before its children. */
    interface Visitor {
        void visit(SourceEntry entry) throws IOException;
    }

    private final Path root;
    private final Warnings warnings;
    private final ExecutorService listers;

    /** A directory's entries, sorted and stat'ed, with the problems met (reported when visited). */
    private record Listing(List<SourceEntry> entries, List<String[]> problems, IOException failure) {
    }

    private record Child(String name, Path path) {
    }

    SourceWalker(Path root, Warnings warnings, int threads) {
        this.root = root;
        this.warnings = warnings;
        this.listers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "increment-walker");
            t.setDaemon(true);
            return t;
        });
    }

    void walk(Visitor visitor) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw BackupException.invalid("backup source " + root + " is not a directory");
        }
        Listing top = list(root, "");
        if (top.failure() != null) {
            throw top.failure();
        }
        walkDir(top, visitor);
    }

    @Override
    public void close() {
        listers.shutdownNow();
    }

    /** Visits a listed directory's entries, recursing into subdirectories, listing the next few ahead. */
    private void walkDir(Listing listing, Visitor visitor) throws IOException {
        for (String[] p : listing.problems()) {
            warnings.add(p[0], p[1]);
        }
        Deque<CompletableFuture<Listing>> ahead = new ArrayDeque<>();
        int next = 0; // the next child to consider for listing ahead
        List<SourceEntry> entries = listing.entries();
        for (int i = 0; i < entries.size(); i++) {
            SourceEntry entry = entries.get(i);
            while (ahead.size() < AHEAD && next < entries.size()) {
                SourceEntry e = entries.get(next++);
                if (e.type() == EntryType.DIR) {
                    ahead.add(CompletableFuture.supplyAsync(() -> list(e.file(), e.path() + "/"), listers));
                }
            }
            visitor.visit(entry);
            if (entry.type() == EntryType.DIR) {
                Listing sub = await(ahead.poll());
                if (sub.failure() != null) {
                    warnings.add(entry.path(), "cannot list directory: " + sub.failure());
                } else {
                    walkDir(sub, visitor);
                }
            }
        }
    }

    private static Listing await(CompletableFuture<Listing> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.INTERNAL, "interrupted while walking the backup source", e);
        } catch (ExecutionException e) {
            throw new BackupException(ErrorCode.INTERNAL, "walking the backup source failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /** Lists and stats one directory; runs on a lister thread (or the caller's for the root). */
    private static Listing list(Path dir, String prefix) {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                children.add(new Child(p.getFileName().toString(), p));
            }
        } catch (IOException e) {
            return new Listing(List.of(), List.of(), e);
        }
        children.sort(Comparator.comparing(Child::name));
        List<SourceEntry> entries = new ArrayList<>(children.size());
        List<String[]> problems = new ArrayList<>(0);
        for (Child child : children) {
            SourceEntry entry = stat(child.path(), prefix + child.name(), problems);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new Listing(entries, problems, null);
    }

    private static SourceEntry stat(Path file, String path, List<String[]> problems) {
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
                problems.add(new String[] {path, "skipped: not a regular file, directory or symlink"});
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
            problems.add(new String[] {path, "cannot stat: " + e});
            return null;
        }
    }
}
