package io.backupd.ctl.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The redo journal beside the database file: the after-images of the pages one commit changes.
 *
 * <p>A commit is first written here whole and forced to disk, and only then copied into the
 * database file; so a crash at any point leaves either the old file untouched (the journal is torn
 * and its checksum fails) or a complete journal that {@link #read} hands back to be applied again.
 * Applying twice is harmless: the pages are after-images, not deltas.
 *
 * <p>Layout: {@code "BCJ1"}, file length (8), page count (4), then per page its number (8) and
 * {@link #PAGE_SIZE} bytes, then a CRC-32C of everything before it (4).
 */
final class CommitJournal implements AutoCloseable {
    static final int PAGE_SIZE = 4096;
    private static final int MAGIC = 0x42434A31; // "BCJ1"
    private static final int HEADER = 4 + 8 + 4;
    private static final int PAGE_ENTRY = 8 + PAGE_SIZE;

    /** What one commit leaves the file as: its length and the pages it changed, by page number. */
    record Commit(long length, SortedMap<Long, byte[]> pages) {
    }

    private final Path path;
    private final FileChannel channel;

    CommitJournal(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    Path path() {
        return path;
    }

    /** Writes {@code commit} over whatever the journal held and forces it to disk. */
    void write(Commit commit) throws IOException {
        int size = HEADER + commit.pages().size() * PAGE_ENTRY + 4;
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(MAGIC).putLong(commit.length()).putInt(commit.pages().size());
        for (Map.Entry<Long, byte[]> page : commit.pages().entrySet()) {
            buffer.putLong(page.getKey()).put(page.getValue());
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, size - 4);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        channel.truncate(0);
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
        channel.force(false);
    }

    /** The commit the journal holds, or empty when it is empty or torn (a commit that never finished). */
    Optional<Commit> read() throws IOException {
        long size = channel.size();
        if (size < HEADER + 4 || size > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                return Optional.empty();
            }
        }
        buffer.flip();
        if (buffer.getInt() != MAGIC) {
            return Optional.empty();
        }
        long length = buffer.getLong();
        int count = buffer.getInt();
        if (count < 0 || length < 0 || (long) HEADER + (long) count * PAGE_ENTRY + 4 != size) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, (int) size - 4);
        if (buffer.getInt((int) size - 4) != (int) crc.getValue()) {
            return Optional.empty();
        }
        SortedMap<Long, byte[]> pages = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            long number = buffer.getLong();
            byte[] page = new byte[PAGE_SIZE];
            buffer.get(page);
            pages.put(number, page);
        }
        return Optional.of(new Commit(length, pages));
    }

    /** Empties the journal once its commit is in the database file; not forced, as replaying it again is harmless. */
    void clear() throws IOException {
        channel.truncate(0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes the journal and, when it holds no commit, removes its file so a cleanly closed store is one file. */
    void closeAndRemoveIfEmpty() throws IOException {
        boolean empty = channel.size() == 0;
        channel.close();
        if (empty) {
            Files.deleteIfExists(path);
        }
    }
}
