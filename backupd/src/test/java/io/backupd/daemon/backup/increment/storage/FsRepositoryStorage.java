package io.backupd.daemon.backup.increment.storage;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.fs.RangeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A repository in a local (or shared) directory: key {@code a/b} is the file {@code <root>/a/b}.
 * Puts go to {@code <root>/.tmp/}, are fsynced and renamed into place, and the directory is fsynced,
 * so a listing never shows a partial object, also when the process is killed mid-put (a leftover
 * temp file is never listed). Used by tests and benchmarks; the daemon adapts its own storage.
 *
 * <p>Thread-safe. Files are opened without following a symlink at the final component; the
 * directory tree below the root is assumed to be written by this class alone.
 */
public final class FsRepositoryStorage implements RepositoryStorage {
    private static final String TEMP_DIR = ".tmp";

    private final Path root;
    private final Path temp;

    /** Opens (creating if needed) the repository directory {@code dir}. */
    public FsRepositoryStorage(Path dir) {
        try {
            Files.createDirectories(dir);
            this.root = dir.toRealPath();
            this.temp = Files.createDirectories(root.resolve(TEMP_DIR));
        } catch (IOException e) {
            throw failed("cannot open repository directory " + dir, e);
        }
    }

    /** The directory this storage writes to. */
    public Path root() {
        return root;
    }

    @Override
    public void put(String key, InputStream data, long size) {
        Path target = resolve(key);
        Path part = null;
        try {
            part = Files.createTempFile(temp, "put-", ".part");
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                long written = copy(data, out, size);
                if (written != size || data.read() != -1) {
                    throw new BackupException(ErrorCode.INTERNAL,
                            "put of " + key + " announced " + size + " bytes but the stream had a different length");
                }
                out.force(true);
            }
            Files.createDirectories(target.getParent());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            part = null;
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw failed("cannot write " + key, e);
        } finally {
            if (part != null) {
                deleteQuietly(part);
            }
        }
    }

    @Override
    public InputStream open(String key) {
        return open(key, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw BackupException.invalid("negative range " + offset + "+" + length + " for " + key);
        }
        Path path = resolve(key);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new RangeInputStream(channel, offset, length);
        } catch (NoSuchFileException e) {
            throw BackupException.notFound("no object '" + key + "' in repository " + root);
        } catch (IOException e) {
            throw failed("cannot read " + key, e);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(resolve(key), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? Optional.of(attrs.size()) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failed("cannot stat " + key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        String checked = RepositoryKeys.checkPrefix(prefix);
        for (int attempt = 1; ; attempt++) {
            try {
                return listOnce(checked);
            } catch (NoSuchFileException e) {
                // a directory vanished while walking (a concurrent delete); a fresh walk will not meet it
                if (attempt == 3) {
                    throw failed("cannot list " + prefix, e);
                }
            } catch (IOException e) {
                throw failed("cannot list " + prefix, e);
            }
        }
    }

    private List<String> listOnce(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        // Files.find does not follow symlinks, so nothing planted behind a link is listed
        try (Stream<Path> found = Files.find(start, Integer.MAX_VALUE, (p, attrs) -> attrs.isRegularFile())) {
            found.filter(p -> !p.startsWith(temp)).map(this::keyOf).filter(k -> k.startsWith(prefix)).forEach(keys::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw failed("cannot delete " + key, e);
        }
    }

    private Path resolve(String key) {
        RepositoryKeys.check(key);
        if (key.equals(TEMP_DIR) || key.startsWith(TEMP_DIR + "/")) {
            throw BackupException.invalid("repository key '" + key + "' is reserved for puts in progress");
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw BackupException.invalid("repository key '" + key + "' escapes the repository root");
        }
        return path;
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static long copy(InputStream in, FileChannel out, long size) throws IOException {
        // 64 KiB: large enough for few syscalls, small enough not to be a humongous object in G1
        byte[] buf = new byte[(int) Math.min(64 << 10, Math.max(size, 1))];
        long total = 0;
        while (total < size) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, size - total));
            if (n < 0) {
                break;
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
            total += n;
        }
        return total;
    }

    /** Makes the rename itself durable; a file system that refuses to open a directory only weakens that. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // the data itself is fsynced already
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is never listed as an object
        }
    }

    private static BackupException failed(String what, IOException e) {
        return new BackupException(ErrorCode.STORAGE_FAILED, what + ": " + e, e);
    }
}
