package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The staging folder as {@link SafeExtractor} builds it. The one invariant that makes path-based
 * writes safe here: <b>until {@link #finish()} the staging tree holds no symlink at all</b>, so no
 * path resolved below the root can leave it. Symlinks are only recorded, and created in
 * {@code finish()} after every other entry, each at a path that must not exist yet, below
 * parents that must be real directories. Every single call also passes {@code NOFOLLOW_LINKS}
 * (creation with {@code CREATE_NEW}, chmod/chown/utimes on the link itself) as a second line.
 *
 * <p>Directory modes and times are applied in {@code finish()} too, deepest first, so that a
 * read-only directory can still be filled and no later write bumps a restored mtime.
 * Ownership (numeric uid/gid; names are ignored, they mean nothing inside a container) is
 * applied only when {@code chown} is set, i.e. when the daemon runs as root.
 *
 * <p>File contents are made durable in batches ({@link StagedFiles}), not one fsync per file as
 * they are written; {@code finish()} returns only once everything is.
 *
 * <p>Not thread-safe; one instance per extraction. Paths are lists of components already
 * checked by {@link EntryName}.
 */
final class StagingTree implements AutoCloseable {
    /** Metadata of one entry; {@code mode} holds permission bits only (the extractor strips the rest). */
    record Meta(int mode, FileTime mtime, long uid, long gid) {
    }

    private record Link(String name, List<String> path, String target, Meta meta) {
    }

    private static final int IMPLICIT_DIR_MODE = 0755;
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final boolean chown;
    private final long maxDeferredBytes;
    /** Every directory created below the root, with its archive metadata (null: implicit parent). */
    private final Map<String, Meta> dirs = new HashMap<>();
    private final Map<String, Link> symlinks = new LinkedHashMap<>();
    private final StagedFiles files;
    private long deferredBytes;

    StagingTree(Path root, boolean chown, long maxDeferredBytes) {
        this.root = root;
        this.chown = chown;
        this.maxDeferredBytes = maxDeferredBytes;
        this.files = new StagedFiles(root);
    }

    void directory(List<String> path, Meta meta) throws Refusal, IOException {
        checkNotThroughSymlink(path);
        ensureDirectories(path);
        defer(path, 64);
        dirs.put(EntryName.join(path), meta);
    }

    /** Creates an empty file (mode 0600 until {@link #completeFile}); the caller writes the content. */
    FileChannel createFile(List<String> path) throws Refusal, IOException {
        checkNotThroughSymlink(path);
        ensureDirectories(path.subList(0, path.size() - 1));
        Path file = resolve(path);
        try {
            return FileChannel.open(file,
                    Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException e) {
            throw new Refusal("an earlier entry already created " + describe(file) + " at this path");
        }
    }

    /**
     * Gives the written file its owner, mode and time, and takes over its channel: content and
     * metadata are made durable with the other files of its batch, by {@link #finish()} at the latest.
     */
    void completeFile(List<String> path, FileChannel channel, Meta meta) throws IOException {
        try {
            applyMeta(resolve(path), meta);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        files.add(channel);
    }

    void hardLink(List<String> path, List<String> target) throws Refusal, IOException {
        checkNotThroughSymlink(path);
        checkNotThroughSymlink(target);
        Path existing = resolve(target);
        BasicFileAttributes attrs = attributes(existing);
        // the staging folder started empty, so a regular file there is one this archive wrote
        if (attrs == null || !attrs.isRegularFile()) {
            throw new Refusal("hard link target '" + EntryName.display(EntryName.join(target))
                    + "' is not a file extracted earlier from this archive");
        }
        ensureDirectories(path.subList(0, path.size() - 1));
        Path link = resolve(path);
        if (attributes(link) != null) {
            throw new Refusal("an earlier entry already created " + describe(link) + " at this path");
        }
        Files.createLink(link, existing);
    }

    /**
     * Records a symlink to create in {@link #finish()}. Its parents are created now (as real
     * directories), so a later symlink cannot take the place of one of them.
     */
    void symlink(String name, List<String> path, String target, Meta meta) throws Refusal, IOException {
        checkNotThroughSymlink(path);
        ensureDirectories(path.subList(0, path.size() - 1));
        Path link = resolve(path);
        BasicFileAttributes attrs = attributes(link);
        if (attrs != null) {
            throw new Refusal("the symlink would replace " + describe(attrs) + " an earlier entry created");
        }
        defer(path, target.length() * 2L + 96);
        symlinks.put(EntryName.join(path), new Link(name, path, target, meta));
    }

    /**
     * Makes the files durable, creates the symlinks, then applies directory metadata deepest first
     * and makes the directories durable: when it returns, the whole tree survives a power loss.
     */
    void finish() throws Refusal, IOException {
        files.flush();
        for (Link link : symlinks.values()) {
            Path path = resolve(link.path());
            Path parent = path.getParent();
            BasicFileAttributes parentAttrs = attributes(parent);
            if (parentAttrs == null || !parentAttrs.isDirectory()) {
                throw new Refusal(link.name(), "the symlink's parent is no longer a directory");
            }
            BasicFileAttributes attrs = attributes(path);
            if (attrs != null) {
                throw new Refusal(link.name(), "the symlink would replace " + describe(attrs) + " a later entry created");
            }
            Files.createSymbolicLink(path, Path.of(link.target()));
            if (chown) {
                Files.setAttribute(path, "unix:uid", (int) link.meta().uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) link.meta().gid(), LinkOption.NOFOLLOW_LINKS);
            }
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(link.meta().mtime(), null, null);
        }
        List<String> deepestFirst = new ArrayList<>(dirs.keySet());
        deepestFirst.sort(Comparator.comparingLong(StagingTree::depth).reversed().thenComparing(Comparator.naturalOrder()));
        for (String dir : deepestFirst) {
            Path path = root.resolve(dir);
            Meta meta = dirs.get(dir);
            // opened before the chmod: a restored mode without r (0300, 0000) must not stop the fsync
            try (FileChannel handle = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                if (meta != null) {
                    applyMeta(path, meta);
                } else {
                    permissions(path, IMPLICIT_DIR_MODE);
                }
                handle.force(true);
            }
        }
        Fsync.directory(root);
        Fsync.directory(root.getParent());
    }

    /** Closes the files not yet made durable, without forcing them: the extraction failed. Idempotent. */
    @Override
    public void close() {
        files.close();
    }

    private void ensureDirectories(List<String> path) throws Refusal, IOException {
        Path current = root;
        for (int i = 0; i < path.size(); i++) {
            current = current.resolve(path.get(i));
            String key = EntryName.join(path.subList(0, i + 1));
            if (dirs.containsKey(key)) {
                continue; // created here, and nothing replaces a directory before finish()
            }
            BasicFileAttributes attrs = attributes(current);
            if (attrs == null) {
                Files.createDirectory(current, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                defer(path.subList(0, i + 1), 64);
                dirs.put(key, null);
            } else if (!attrs.isDirectory()) {
                throw new Refusal("'" + EntryName.display(key) + "' is " + describe(attrs) + ", not a directory");
            }
        }
    }

    private void checkNotThroughSymlink(List<String> path) throws Refusal {
        for (int i = 1; i <= path.size(); i++) {
            String prefix = EntryName.join(path.subList(0, i));
            if (symlinks.containsKey(prefix)) {
                throw new Refusal(i == path.size()
                        ? "an earlier entry is a symlink at this path"
                        : "the path goes through '" + EntryName.display(prefix) + "', a symlink from an earlier entry");
            }
        }
    }

    private void applyMeta(Path path, Meta meta) throws IOException {
        if (chown) {
            Files.setAttribute(path, "unix:uid", (int) meta.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) meta.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        permissions(path, meta.mode());
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(meta.mtime(), null, null);
    }

    /** chmod that fails on a symlink instead of following it (the JDK opens with O_NOFOLLOW). */
    private static void permissions(Path path, int mode) throws IOException {
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(Modes.toPermissions(mode));
    }

    private void defer(List<String> path, long extra) throws Refusal {
        deferredBytes += EntryName.join(path).length() * 2L + extra;
        if (deferredBytes > maxDeferredBytes) {
            throw new Refusal("the archive's directories and symlinks need more than " + maxDeferredBytes
                    + " bytes of bookkeeping");
        }
    }

    private Path resolve(List<String> path) {
        return root.resolve(EntryName.join(path));
    }

    private static long depth(String key) {
        return key.chars().filter(c -> c == '/').count();
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String describe(Path path) throws IOException {
        BasicFileAttributes attrs = attributes(path);
        return attrs == null ? "something" : describe(attrs);
    }

    private static String describe(BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return "a directory";
        }
        if (attrs.isSymbolicLink()) {
            return "a symlink";
        }
        return attrs.isRegularFile() ? "a file" : "a special file";
    }
}
