package io.backupd.ctl.db;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.CC;
import org.mapdb.DBMaker;
import org.mapdb.StoreWAL;
import org.mapdb.serializer.GroupSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapDB file the controller keeps its state in ({@code backupctl.db}).
 *
 * <p>Writes go through {@link #write}: one at a time, each committed (through the {@link JournaledVolume}
 * journal, fsync) before {@code write} returns, rolled back if it throws. So what a caller has been told is stored survives
 * a crash, and a half-done change never does. Reads go straight to the trees, which MapDB makes
 * thread-safe.
 *
 * <p>{@link #copyTo} copies every tree handed out by {@link #tree} into a new file while holding the
 * write lock, so the copy is one committed state; it is written under a temporary name and linked
 * into place only when complete, and never replaces an existing file.
 */
public final class ControllerDb implements AutoCloseable {
    /** The file name the controller starts from inside its data folder. */
    public static final String FILE_NAME = "backupctl.db";
    private static final Logger log = LoggerFactory.getLogger(ControllerDb.class);
    /** MapDB's code for "close on JVM shutdown, held by a strong reference". */
    private static final int CLOSE_ON_JVM_SHUTDOWN = 1;

    private final Path file;
    private final DB db;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
    private final List<Tree<?, ?>> trees = new ArrayList<>();

    private record Tree<K, V>(String name, GroupSerializer<K> keys, GroupSerializer<V> values, boolean valuesOutsideNodes,
                              BTreeMap<K, V> map) {
    }

    private ControllerDb(Path file, DB db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (or creates) {@code file}; INTERNAL naming the file when it cannot (often: another process holds it). */
    public static ControllerDb open(Path file) {
        try {
            Path absolute = file.toAbsolutePath();
            JournaledVolumeFactory volumes = new JournaledVolumeFactory(absolute);
            boolean exists = volumes.exists(absolute.toString());
            StoreWAL store = StoreWAL.make(absolute.toString(), volumes, 0L, true, CC.STORE_DIRECT_CONC_SHIFT,
                    CC.PAGE_SIZE, 0L, false, false, false, true, false);
            return new ControllerDb(file, new DB(store, exists, true, ControllerDb.class.getClassLoader(), CLOSE_ON_JVM_SHUTDOWN));
        } catch (RuntimeException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot open the controller database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The named tree, created on first use; a feature asks for its trees once, when it is built. */
    public <K, V> BTreeMap<K, V> tree(String name, GroupSerializer<K> keys, GroupSerializer<V> values) {
        return tree(name, keys, values, false);
    }

    /**
     * As {@link #tree}, for values much larger than their keys (a record's JSON): they are stored
     * beside the nodes, not in them, so an insert rewrites a node of keys rather than a node of
     * thirty-odd values. The layout is fixed when the tree is created; an existing tree keeps its own.
     */
    public <K, V> BTreeMap<K, V> largeValueTree(String name, GroupSerializer<K> keys, GroupSerializer<V> values) {
        return tree(name, keys, values, true);
    }

    private synchronized <K, V> BTreeMap<K, V> tree(String name, GroupSerializer<K> keys, GroupSerializer<V> values,
                                                     boolean valuesOutsideNodes) {
        BTreeMap<K, V> map = maker(db, name, keys, values, valuesOutsideNodes).createOrOpen();
        trees.add(new Tree<>(name, keys, values, valuesOutsideNodes, map));
        return map;
    }

    private static <K, V> DB.TreeMapMaker<K, V> maker(DB db, String name, GroupSerializer<K> keys, GroupSerializer<V> values,
                                                      boolean valuesOutsideNodes) {
        DB.TreeMapMaker<K, V> maker = db.treeMap(name, keys, values);
        return valuesOutsideNodes ? maker.valuesOutsideNodesEnable() : maker;
    }

    /**
     * Runs {@code change} as one transaction: committed when this returns, rolled back when it throws.
     *
     * <p>Writers that arrive while a commit is being forced to disk wait for it and are then committed
     * together by whichever of them gets the lock first (group commit): one fsync for many writes,
     * which is what lets records stream in faster than the disk syncs. A change that throws takes
     * nobody else down with it: the group is rolled back and each change is run again on its own.
     */
    public <T> T write(Supplier<T> change) {
        PendingWrite<T> mine = new PendingWrite<>(change);
        pending.add(mine);
        writeLock.lock();
        try {
            if (!mine.finished()) {
                commitPending();
            }
        } finally {
            writeLock.unlock();
        }
        return mine.outcome();
    }

    /** Caller holds the write lock. */
    private void commitPending() {
        List<PendingWrite<?>> group = new ArrayList<>();
        for (PendingWrite<?> next; (next = pending.poll()) != null; ) {
            group.add(next);
        }
        if (group.size() > 1) {
            try {
                group.forEach(PendingWrite::apply);
                db.commit();
                group.forEach(PendingWrite::succeed);
                return;
            } catch (RuntimeException e) {
                db.rollback();
            }
        }
        for (PendingWrite<?> write : group) {
            try {
                write.apply();
                db.commit();
                write.succeed();
            } catch (RuntimeException e) {
                db.rollback();
                write.fail(e);
            }
        }
    }

    /**
     * Writes a consistent copy of the database to {@code root/dir/backupctl.db}, mode 0600; a controller
     * started with {@code --data root/dir} starts from it. {@code root} is the operator's backup folder;
     * {@code dir} is relative to it (empty: the folder itself), without {@code ..}, must stay inside it
     * through symlinks too, and is created (0700) if missing ({@link CopyDestination}).
     *
     * @return the file written
     * @throws BackupException INVALID_ARGUMENT for a dir that is absolute, has {@code ..}, leads out of
     *                         {@code root}, is a file, or cannot be created or written; CONFLICT when
     *                         {@code backupctl.db} already exists there (it is never overwritten) or is this
     *                         database; INTERNAL when writing the copy fails. Whenever it throws, nothing is
     *                         left behind: no partial file, no folder it made.
     */
    public Path copyTo(Path root, Path dir) {
        CopyDestination destination = CopyDestination.prepare(root, dir, FILE_NAME);
        Path target = destination.dir().resolve(FILE_NAME);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupException(ErrorCode.CONFLICT, isThisDatabase(target)
                    ? "dir '" + dir + "' is where the controller's own database is"
                    : target + " already exists; it is not overwritten");
        }
        Path staging = target.resolveSibling("." + FILE_NAME + ".partial-" + System.nanoTime());
        Path partial = staging.resolve(FILE_NAME);
        boolean done = false;
        writeLock.lock();
        try {
            copyTrees(staging, partial);
            publish(partial, target);
            destination.syncFolder();
            log.info("database copied to {}", target);
            done = true;
            return target;
        } catch (IOException e) {
            deleteQuietly(target);
            throw new BackupException(ErrorCode.INTERNAL, "cannot make the database copy " + target + " durable: "
                    + e.getMessage() + "; it was removed", e);
        } finally {
            writeLock.unlock();
            deleteQuietly(partial);
            deleteQuietly(staging);
            if (!done) {
                destination.removeCreated();
            }
        }
    }

    private boolean isThisDatabase(Path target) {
        try {
            return Files.isSameFile(target, file);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * MapDB creates the file itself (it refuses one made empty beforehand), with the process umask; it is
     * written inside a folder made 0700 at creation, so nobody else can open it before it is 0600.
     */
    private void copyTrees(Path staging, Path partial) {
        try {
            Files.createDirectory(staging, CopyDestination.PRIVATE_FOLDER);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot create the database copy's folder " + staging + ": "
                    + e.getMessage(), e);
        }
        DB copy = DBMaker.fileDB(partial.toFile()).make();
        try {
            List<Tree<?, ?>> all;
            synchronized (this) {
                all = List.copyOf(trees);
            }
            for (Tree<?, ?> tree : all) {
                copyTree(copy, tree);
            }
            copy.commit();
        } catch (RuntimeException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot write the database copy " + partial + ": " + e.getMessage()
                    + "; nothing was left behind", e);
        } finally {
            copy.close();
        }
        try {
            Files.setPosixFilePermissions(partial, CopyDestination.PRIVATE);
            CopyDestination.syncFile(partial);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot make the database copy " + partial + " durable: "
                    + e.getMessage() + "; nothing was left behind", e);
        }
    }

    private static <K, V> void copyTree(DB copy, Tree<K, V> tree) {
        BTreeMap<K, V> target = maker(copy, tree.name(), tree.keys(), tree.values(), tree.valuesOutsideNodes()).createOrOpen();
        for (Map.Entry<K, V> entry : tree.map().entrySet()) {
            target.put(entry.getKey(), entry.getValue());
        }
    }

    /** A hard link fails if the target exists, so an existing file is never replaced, even in a race. */
    private static void publish(Path partial, Path target) {
        try {
            Files.createLink(target, partial);
        } catch (FileAlreadyExistsException e) {
            throw new BackupException(ErrorCode.CONFLICT, target + " already exists; it is not overwritten");
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.move(partial, target);
            } catch (FileAlreadyExistsException exists) {
                throw new BackupException(ErrorCode.CONFLICT, target + " already exists; it is not overwritten");
            } catch (IOException moveFailed) {
                throw new BackupException(ErrorCode.INTERNAL, "cannot put the database copy at " + target + ": " + moveFailed.getMessage(), moveFailed);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", path, e.getMessage());
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!db.isClosed()) {
                db.close();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
