package io.backupd.ctl.db;

import static io.backupd.ctl.db.CommitJournal.PAGE_SIZE;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mapdb.DBException;
import org.mapdb.DataIO;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The MapDB volume under {@code backupctl.db}: every write stays in memory until {@link #sync},
 * which makes all of them durable at once through a {@link CommitJournal}.
 *
 * <p>Why: MapDB 3.1's transactional store keeps part of each transaction (index values, free-space
 * stacks) only in memory and writes it straight into the file at commit; its own log never holds it
 * and is never replayed on open. A kill during that write leaves a half-updated file that MapDB
 * cannot read. The store writes to its volume only inside a commit and ends each with {@code sync},
 * so making {@code sync} atomic makes every commit atomic: after a crash the file holds the last
 * commit that returned, or the one after it, never a mix.
 */
final class JournaledVolume extends Volume {
    private final File file;
    private final FileChannel channel;
    private final FileLock lock;
    private final CommitJournal journal;
    private final ReadWriteLock guard = new ReentrantReadWriteLock();
    /** Pages changed since the last sync, by page number; reads see them before the file. */
    private final SortedMap<Long, byte[]> dirty = new TreeMap<>();
    /** 8,192 pages, 32 MiB at most: the hot part of the trees, whatever the file has grown to. */
    private final PageCache clean = new PageCache(8192);
    private long length;

    private JournaledVolume(File file, FileChannel channel, FileLock lock, CommitJournal journal) throws IOException {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.journal = journal;
        this.length = channel.size();
    }

    /**
     * Opens {@code path}, first finishing a commit that a crash interrupted after its journal was
     * complete; a torn journal is dropped, the file then already holds the commit before it.
     *
     * @throws DBException.FileLocked when another process has the file open
     */
    static JournaledVolume open(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, path);
            CommitJournal journal = new CommitJournal(journalPath(path));
            var interrupted = journal.read();
            if (interrupted.isPresent()) {
                apply(channel, interrupted.get());
            }
            journal.clear();
            return new JournaledVolume(path.toFile(), channel, lock, journal);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static Path journalPath(Path path) {
        return path.resolveSibling(path.getFileName() + ".journal");
    }

    /** Whether {@code path} holds a store: a non-empty file, or a complete journal that will make it one. */
    static boolean holdsStore(Path path) {
        File file = path.toFile();
        if (file.length() > 0) {
            return true;
        }
        Path journalPath = journalPath(path);
        if (!journalPath.toFile().exists()) {
            return false;
        }
        try (CommitJournal journal = new CommitJournal(journalPath)) {
            return journal.read().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journalPath + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path path) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by this process: the same as held by another
        }
        throw new DBException.FileLocked(path, null);
    }

    private static void apply(FileChannel channel, CommitJournal.Commit commit) throws IOException {
        for (Map.Entry<Long, byte[]> page : commit.pages().entrySet()) {
            long start = page.getKey() * PAGE_SIZE;
            int size = (int) Math.min(PAGE_SIZE, commit.length() - start);
            if (size <= 0) {
                continue;
            }
            ByteBuffer buffer = ByteBuffer.wrap(page.getValue(), 0, size);
            while (buffer.hasRemaining()) {
                channel.write(buffer, start + buffer.position());
            }
        }
        if (channel.size() > commit.length()) {
            channel.truncate(commit.length());
        } else if (channel.size() < commit.length()) {
            channel.write(ByteBuffer.allocate(1), commit.length() - 1);
        }
        channel.force(true);
    }

    @Override
    public void sync() {
        guard.writeLock().lock();
        try {
            if (dirty.isEmpty() && length == channel.size()) {
                return;
            }
            CommitJournal.Commit commit = new CommitJournal.Commit(length, new TreeMap<>(dirty));
            boolean shrinks = length < channel.size();
            journal.write(commit);
            apply(channel, commit);
            if (shrinks) {
                clean.clear();
            }
            dirty.forEach(clean::put);
            dirty.clear();
            journal.clear();
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public void ensureAvailable(long offset) {
        guard.writeLock().lock();
        try {
            if (offset > length) {
                length = (offset + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
            }
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public void truncate(long size) {
        guard.writeLock().lock();
        try {
            length = size;
            dirty.tailMap((size + PAGE_SIZE - 1) / PAGE_SIZE).clear();
            int tail = (int) (size % PAGE_SIZE);
            if (tail != 0) {
                byte[] page = pageForWrite(size / PAGE_SIZE);
                Arrays.fill(page, tail, PAGE_SIZE, (byte) 0);
            }
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        guard.writeLock().lock();
        try {
            int done = 0;
            while (done < srcSize) {
                long at = offset + done;
                int inPage = (int) (at % PAGE_SIZE);
                int n = Math.min(PAGE_SIZE - inPage, srcSize - done);
                System.arraycopy(src, srcPos + done, pageForWrite(at / PAGE_SIZE), inPage, n);
                done += n;
            }
            if (offset + srcSize > length) {
                length = offset + srcSize;
            }
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public void getData(long offset, byte[] dst, int dstPos, int size) {
        guard.readLock().lock();
        try {
            int done = 0;
            while (done < size) {
                long at = offset + done;
                long number = at / PAGE_SIZE;
                int inPage = (int) (at % PAGE_SIZE);
                int n = Math.min(PAGE_SIZE - inPage, size - done);
                byte[] page = dirty.get(number);
                if (page == null) {
                    page = cleanPage(number);
                }
                System.arraycopy(page, inPage, dst, dstPos + done, n);
                done += n;
            }
        } finally {
            guard.readLock().unlock();
        }
    }

    /** The dirty copy of page {@code number}, made from the file the first time it is written; caller holds the write lock. */
    private byte[] pageForWrite(long number) {
        byte[] page = dirty.get(number);
        if (page == null) {
            page = cleanPage(number).clone();
            dirty.put(number, page);
        }
        return page;
    }

    /** Page {@code number} as the file holds it, from the cache or read into it; not to be changed. */
    private byte[] cleanPage(long number) {
        byte[] page = clean.get(number);
        if (page == null) {
            page = new byte[PAGE_SIZE];
            readFile(number * PAGE_SIZE, page, 0, PAGE_SIZE);
            clean.put(number, page);
        }
        return page;
    }

    /** Reads what the file holds; bytes past its end read as zero, as in a freshly grown file. */
    private void readFile(long offset, byte[] dst, int dstPos, int size) {
        ByteBuffer buffer = ByteBuffer.wrap(dst, dstPos, size);
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, offset + (buffer.position() - dstPos));
                if (n < 0) {
                    Arrays.fill(dst, buffer.position(), dstPos + size, (byte) 0);
                    return;
                }
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        byte[] bytes = new byte[8];
        DataIO.putLong(bytes, 0, value);
        putData(offset, bytes, 0, 8);
    }

    @Override
    public void putInt(long offset, int value) {
        byte[] bytes = new byte[4];
        DataIO.putInt(bytes, 0, value);
        putData(offset, bytes, 0, 4);
    }

    @Override
    public void putByte(long offset, byte value) {
        putData(offset, new byte[] {value}, 0, 1);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        putData(offset, bytes, 0, bytes.length);
    }

    @Override
    public long getLong(long offset) {
        byte[] page = pageHolding(offset, 8);
        if (page != null) {
            return DataIO.getLong(page, (int) (offset % PAGE_SIZE));
        }
        byte[] bytes = new byte[8];
        getData(offset, bytes, 0, 8);
        return DataIO.getLong(bytes, 0);
    }

    @Override
    public int getInt(long offset) {
        byte[] page = pageHolding(offset, 4);
        if (page != null) {
            return DataIO.getInt(page, (int) (offset % PAGE_SIZE));
        }
        byte[] bytes = new byte[4];
        getData(offset, bytes, 0, 4);
        return DataIO.getInt(bytes, 0);
    }

    @Override
    public byte getByte(long offset) {
        byte[] bytes = new byte[1];
        getData(offset, bytes, 0, 1);
        return bytes[0];
    }

    /** Reads a range inside one clean page straight from the cached page: no copy, which the B-tree reads are mostly. */
    @Override
    public DataInput2 getDataInput(long offset, int size) {
        byte[] page = pageHolding(offset, size);
        if (page != null) {
            return new DataInput2.ByteArray(page, (int) (offset % PAGE_SIZE));
        }
        byte[] bytes = new byte[size];
        getData(offset, bytes, 0, size);
        return new DataInput2.ByteArray(bytes);
    }

    /**
     * The clean page holding {@code size} bytes at {@code offset}, or null when they span pages or the
     * page has uncommitted writes (a dirty page changes in place, so it is never handed out).
     */
    private byte[] pageHolding(long offset, int size) {
        if (offset % PAGE_SIZE + size > PAGE_SIZE) {
            return null;
        }
        guard.readLock().lock();
        try {
            long number = offset / PAGE_SIZE;
            return dirty.containsKey(number) ? null : cleanPage(number);
        } finally {
            guard.readLock().unlock();
        }
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        putData(startOffset, new byte[(int) (endOffset - startOffset)], 0, (int) (endOffset - startOffset));
    }

    @Override
    public long length() {
        guard.readLock().lock();
        try {
            return length;
        } finally {
            guard.readLock().unlock();
        }
    }

    /** Drops what was never synced: an uncommitted transaction does not outlive the store. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        guard.writeLock().lock();
        try {
            dirty.clear();
            journal.closeAndRemoveIfEmpty();
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public int sliceSize() {
        return 0;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return file;
    }

    @Override
    public boolean getFileLocked() {
        return true;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing with the first error
        }
    }
}
