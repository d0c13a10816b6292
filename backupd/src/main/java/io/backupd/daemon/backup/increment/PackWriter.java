package io.backupd.daemon.backup.increment;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds one pack in a reused in-memory buffer: header, blobs back to back, trailer (see
 * REPOSITORY-FORMAT.md). Packs are bounded (target size plus one blob), so holding one in memory is
 * cheaper than a temp file and lets the storage put it atomically in one call. Not thread-safe: each
 * packing thread owns one writer.
 */
final class PackWriter {
    static final byte[] MAGIC = {'B', 'D', 'P', 'K'};
    static final byte[] TRAILER_MAGIC = {'B', 'D', 'P', 'T'};
    static final int VERSION = 1;
    static final int HEADER = 8;
    static final int ENTRY = 48;
    static final int FOOTER = 12;

    private final int target;
    private final int capacity;
    private byte[] buf;
    private int pos;
    private final List<BlobEntry> entries = new ArrayList<>();

    /**
     * The buffer starts small and grows to at most {@code target} plus one compressed blob of
     * {@code maxBlob} and a trailer; tree packs stay small.
     */
    PackWriter(int target, int maxBlob) {
        this.target = target;
        this.capacity = target + BlobCodec.compressBound(maxBlob) + (64 << 10);
        this.buf = new byte[Math.min(256 << 10, capacity)];
        reset();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean isFull() {
        return pos >= target;
    }

    /** Adds a plain blob, zstd-compressed unless that does not pay off. */
    BlobEntry add(ChunkId id, BlobType type, byte[] src, int off, int len, BlobCodec codec) {
        ensure(BlobCodec.compressBound(len));
        int n = codec.compress(src, off, len, buf, pos);
        Compression compression = Compression.ZSTD;
        if (n < 0) {
            System.arraycopy(src, off, buf, pos, len);
            n = len;
            compression = Compression.NONE;
        }
        return append(new BlobEntry(id, type, compression, pos, n, len));
    }

    /** Adds a blob exactly as another pack stored it (repacking needs no recompression). */
    BlobEntry addStored(BlobEntry from, byte[] stored, int off) {
        ensure(from.length());
        System.arraycopy(stored, off, buf, pos, from.length());
        return append(new BlobEntry(from.id(), from.type(), from.compression(), pos, from.length(), from.rawLength()));
    }

    /**
     * Appends the trailer and returns the finished pack. Its bytes stay valid until {@link #reset}:
     * the caller stores the pack, then resets the writer for the next one.
     */
    FinishedPack finish() {
        ensure(entries.size() * ENTRY + FOOTER);
        ByteBuffer bb = ByteBuffer.wrap(buf, pos, buf.length - pos);
        int entriesStart = pos;
        for (BlobEntry e : entries) {
            e.id().writeTo(buf, bb.position());
            bb.position(bb.position() + ChunkId.BYTES);
            bb.put((byte) e.type().code).put((byte) e.compression().code).putShort((short) 0);
            bb.putInt(e.offset()).putInt(e.length()).putInt(e.rawLength());
        }
        CRC32C crc = new CRC32C();
        crc.update(buf, entriesStart, bb.position() - entriesStart);
        bb.putInt(entries.size()).putInt((int) crc.getValue()).put(TRAILER_MAGIC);
        pos = bb.position();
        return new FinishedPack(RepositoryLayout.randomId(), buf, pos, List.copyOf(entries));
    }

    void reset() {
        System.arraycopy(MAGIC, 0, buf, 0, 4);
        buf[4] = VERSION;
        buf[5] = 0;
        buf[6] = 0;
        buf[7] = 0;
        pos = HEADER;
        entries.clear();
    }

    private BlobEntry append(BlobEntry e) {
        pos += e.length();
        entries.add(e);
        return e;
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            // doubling, but not past the largest size a pack can need: a 32 MiB array for a 20 MiB pack
            // would double the heap a backup needs
            byte[] bigger = new byte[Math.max(Math.min(buf.length * 2, capacity), pos + more)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
        }
    }

    /** A pack ready to store: {@code bytes[0, length)} and the blobs it holds. */
    record FinishedPack(String id, byte[] bytes, int length, List<BlobEntry> entries) {
        long storedBytes() {
            long n = 0;
            for (BlobEntry e : entries) {
                n += e.length();
            }
            return n;
        }

        long rawBytes() {
            long n = 0;
            for (BlobEntry e : entries) {
                n += e.rawLength();
            }
            return n;
        }
    }
}
