package io.backupd.daemon.storage.fs;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageKeys;
import io.backupd.daemon.storage.Upload;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Storage on a (shared) file system: key {@code a/b/c} is the file {@code <root>/a/b/c}. Uploads
 * are written under {@code <root>/.backupd-tmp/}, fsynced and renamed into place, so a reader or a
 * listing never sees a partial file, also when the daemon is killed mid-upload. A temporary's name
 * says which host and process wrote it ({@link UploadOwner}); {@link #sweepTemporaries} removes this
 * host's leftovers, never another node's. The driver is passive: the daemon schedules the sweeps.
 * Keys must not pass through a symlink: the root's tree is ours alone.
 */
public final class FsStorage implements Storage {
    static final String TEMP_DIR = ".backupd-tmp";

    private final Path root;
    private final Path temp;
    private final UploadOwner owner;
    /** Temporaries of uploads this instance has open: a sweep leaves them however old they are. */
    private final Set<Path> openParts = ConcurrentHashMap.newKeySet();

    /** Opens (creating if needed) the storage rooted at {@code dir}, writing as this host and process. */
    public FsStorage(Path dir) {
        this(dir, UploadOwner.current());
    }

    FsStorage(Path dir, UploadOwner owner) {
        this.owner = owner;
        try {
            Files.createDirectories(dir);
            this.root = dir.toRealPath();
            this.temp = Files.createDirectories(root.resolve(TEMP_DIR));
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot open storage directory " + dir + ": " + e, e);
        }
    }

    @Override
    public Upload create(String key) {
        Path target = resolve(key);
        try {
            Path part = Files.createTempFile(temp, owner.prefix(), ".part");
            openParts.add(part);
            try {
                return new FsUpload(key, part, target, this::checkNoSymlinks, openParts::remove);
            } catch (IOException e) {
                openParts.remove(part);
                Files.deleteIfExists(part);
                throw e;
            }
        } catch (IOException e) {
            throw failed("cannot start upload of " + key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        Path path = resolve(key);
        try {
            return Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw BackupException.notFound("no object '" + key + "' in " + location());
        } catch (IOException e) {
            throw failed("cannot read " + key, e);
        }
    }

    /** A positional read on one channel: no bytes before {@code offset} are read, whatever the pack's size. */
    @Override
    public InputStream open(String key, long offset, long length) {
        StorageKeys.checkRange(offset, length);
        Path path = resolve(key);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new BufferedInputStream(new RangeInputStream(channel, offset, length), 1 << 16);
        } catch (NoSuchFileException e) {
            throw BackupException.notFound("no object '" + key + "' in " + location());
        } catch (IOException e) {
            throw failed("cannot read " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path path = resolve(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? Optional.of(info(key, attrs)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failed("cannot stat " + key, e);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        String checked = StorageKeys.checkPrefix(prefix);
        int slash = checked.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(checked.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        try {
            // Files.find does not follow symlinks, so a link planted in the tree lists nothing behind it.
            return Files.find(start, Integer.MAX_VALUE, (path, attrs) -> attrs.isRegularFile())
                    .filter(path -> !path.startsWith(temp))
                    .filter(path -> keyOf(path).startsWith(checked))
                    .flatMap(path -> listed(path).stream());
        } catch (IOException e) {
            throw failed("cannot list " + prefix, e);
        }
    }

    @Override
    public boolean delete(String key) {
        Path path = resolve(key);
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw failed("cannot delete " + key, e);
        }
    }

    @Override
    public ObjectInfo replace(String key, byte[] content) {
        try (Upload upload = create(key)) {
            upload.stream().write(content);
            return upload.commit();
        } catch (IOException e) {
            throw failed("cannot write " + key, e);
        }
    }

    @Override
    public String location() {
        return "fs:" + root;
    }

    @Override
    public OptionalLong freeSpace() {
        try {
            return OptionalLong.of(Files.getFileStore(root).getUsableSpace());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public int sweepTemporaries(Instant modifiedBefore) {
        return new TemporarySweep(temp, owner, openParts::contains).run(modifiedBefore);
    }

    /** The file of {@code key}, after checking the key and that no existing part of its path is a symlink. */
    Path resolve(String key) {
        StorageKeys.check(key);
        if (key.equals(TEMP_DIR) || key.startsWith(TEMP_DIR + "/")) {
            throw BackupException.invalid("storage key '" + key + "' is reserved for uploads in progress");
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw BackupException.invalid("storage key '" + key + "' escapes the storage root");
        }
        checkNoSymlinks(path);
        return path;
    }

    /** Refuses {@code path} when any existing component below the root is a symlink. */
    void checkNoSymlinks(Path path) {
        for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw BackupException.invalid("storage path " + root.relativize(path) + " passes through the symlink "
                        + root.relativize(p) + "; symlinks inside the storage are refused");
            }
        }
    }

    /** A file found by a listing; empty when it vanished meanwhile or was not written through us. */
    private Optional<ObjectInfo> listed(Path path) {
        try {
            String key = StorageKeys.check(keyOf(path));
            return Optional.of(info(key, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException | BackupException e) {
            return Optional.empty();
        }
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static ObjectInfo info(String key, BasicFileAttributes attrs) {
        return new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    static BackupException failed(String what, IOException e) {
        return new BackupException(ErrorCode.STORAGE_FAILED, what + ": " + e, e);
    }
}
