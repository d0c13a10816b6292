package io.backupd.ctl.db;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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
     * Writes a consistent copy of the database to {@code dir/backupctl.db}; a controller started with
     * {@code --data dir} starts from it. {@code dir} must be absolute, without {@code ..}, and is created
     * if missing ({@link CopyDestination}).
     *
     * @return the file written
     * @throws BackupException INVALID_ARGUMENT for a dir that is relative, has {@code ..}, is a file, or
     *                         cannot be created or written; CONFLICT when {@code dir/backupctl.db} already
     *                         exists (it is never overwritten) or is this database; INTERNAL when writing
     *                         the copy fails. Whenever it throws, nothing is left behind: no partial file,
     *                         no folder it made.
     */
    public Path copyTo(Path dir) {
        CopyDestination destination = CopyDestination.prepare(dir, FILE_NAME);
        Path target = dir.normalize().resolve(FILE_NAME);
        if (target.equals(file.toAbsolutePath().normalize())) {
            throw new BackupException(ErrorCode.CONFLICT, "dir " + dir + " is where the controller's own database is");
        }
        if (Files.exists(target)) {
            throw new BackupException(ErrorCode.CONFLICT, target + " already exists; it is not overwritten");
        }
        Path partial = target.resolveSibling("." + FILE_NAME + ".partial-" + System.nanoTime());
        boolean done = false;
        writeLock.lock();
        try {
            copyTrees(partial);
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
            if (!done) {
                destination.removeCreated();
            }
        }
    }

    private void copyTrees(Path partial) {
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
