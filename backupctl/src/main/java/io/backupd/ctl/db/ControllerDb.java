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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.serializer.GroupSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapDB file the controller keeps its state in ({@code backupctl.db}).
 *
 * <p>Writes go through {@link #write}: one at a time, each committed (write-ahead log, fsync) before
 * {@code write} returns, rolled back if it throws. So what a caller has been told is stored survives
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

    private final Path file;
    private final DB db;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<Tree<?, ?>> trees = new ArrayList<>();

    private record Tree<K, V>(String name, GroupSerializer<K> keys, GroupSerializer<V> values, BTreeMap<K, V> map) {
    }

    private ControllerDb(Path file, DB db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (or creates) {@code file}; INTERNAL naming the file when it cannot (often: another process holds it). */
    public static ControllerDb open(Path file) {
        try {
            return new ControllerDb(file, DBMaker.fileDB(file.toFile()).transactionEnable().closeOnJvmShutdown().make());
        } catch (RuntimeException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot open the controller database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The named tree, created on first use; a feature asks for its trees once, when it is built. */
    public synchronized <K, V> BTreeMap<K, V> tree(String name, GroupSerializer<K> keys, GroupSerializer<V> values) {
        BTreeMap<K, V> map = db.treeMap(name, keys, values).createOrOpen();
        trees.add(new Tree<>(name, keys, values, map));
        return map;
    }

    /** Runs {@code change} as one transaction: committed when this returns, rolled back when it throws. */
    public <T> T write(Supplier<T> change) {
        writeLock.lock();
        try {
            T result = change.get();
            db.commit();
            return result;
        } catch (RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes a consistent copy of the database to {@code dir/backupctl.db}; a controller started with
     * {@code --data dir} starts from it. {@code dir} must be absolute and is created if missing.
     *
     * @return the file written
     * @throws BackupException INVALID_ARGUMENT for a relative dir or one that is a file, CONFLICT when
     *                         {@code dir/backupctl.db} already exists (it is never overwritten), INTERNAL
     *                         when writing fails (nothing is left behind under the final name)
     */
    public Path copyTo(Path dir) {
        if (!dir.isAbsolute()) {
            throw BackupException.invalid("dir '" + dir + "' must be an absolute path");
        }
        Path target = dir.normalize().resolve(FILE_NAME);
        if (target.equals(file.toAbsolutePath().normalize())) {
            throw new BackupException(ErrorCode.CONFLICT, "dir " + dir + " is where the controller's own database is");
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw BackupException.invalid("dir " + dir + " exists and is not a directory");
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        if (Files.exists(target)) {
            throw new BackupException(ErrorCode.CONFLICT, target + " already exists; it is not overwritten");
        }
        Path partial = target.resolveSibling("." + FILE_NAME + ".partial-" + System.nanoTime());
        writeLock.lock();
        try {
            copyTrees(partial);
            publish(partial, target);
            log.info("database copied to {}", target);
            return target;
        } finally {
            writeLock.unlock();
            deleteQuietly(partial);
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
            throw new BackupException(ErrorCode.INTERNAL, "cannot write the database copy " + partial + ": " + e.getMessage(), e);
        } finally {
            copy.close();
        }
    }

    private static <K, V> void copyTree(DB copy, Tree<K, V> tree) {
        BTreeMap<K, V> target = copy.treeMap(tree.name(), tree.keys(), tree.values()).createOrOpen();
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
