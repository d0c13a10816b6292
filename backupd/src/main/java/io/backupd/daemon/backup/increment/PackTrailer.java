package io.backupd.daemon.backup.increment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads and validates a pack's trailer, the pack's own list of its blobs (see {@link PackWriter}).
 * Check uses it to compare packs with the index; a lost index could be rebuilt from trailers alone.
 */
final class PackTrailer {
    private PackTrailer() {
    }

    /** Where the entries start, from the 12-byte footer; throws {@link Malformed} when it is not one. */
    static int entryCount(byte[] footer, long packSize) {
        ByteBuffer bb = ByteBuffer.wrap(footer);
        int count = bb.getInt();
        bb.getInt();
        byte[] magic = new byte[4];
        bb.get(magic);
        if (!java.util.Arrays.equals(magic, PackWriter.TRAILER_MAGIC)) {
            throw new Malformed("pack footer magic is missing");
        }
        if (count < 0 || (long) count * PackWriter.ENTRY + PackWriter.FOOTER + PackWriter.HEADER > packSize) {
            throw new Malformed("pack footer claims " + count + " blobs, more than the pack can hold");
        }
        return count;
    }

    /** Parses {@code count} entries plus footer (the pack's last bytes) and validates them against the pack size. */
    static List<BlobEntry> parse(byte[] tail, int count, long packSize) {
        int entriesLen = count * PackWriter.ENTRY;
        ByteBuffer bb = ByteBuffer.wrap(tail);
        CRC32C crc = new CRC32C();
        crc.update(tail, 0, entriesLen);
        int storedCrc = ByteBuffer.wrap(tail, entriesLen + 4, 4).getInt();
        if ((int) crc.getValue() != storedCrc) {
            throw new Malformed("pack trailer checksum does not match");
        }
        long dataEnd = packSize - entriesLen - PackWriter.FOOTER;
        List<BlobEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ChunkId id = ChunkId.of(tail, bb.position());
            bb.position(bb.position() + ChunkId.BYTES);
            int type = bb.get();
            int compression = bb.get();
            bb.getShort();
            int offset = bb.getInt();
            int length = bb.getInt();
            int raw = bb.getInt();
            if (offset < PackWriter.HEADER || length < 0 || raw < 0 || (long) offset + length > dataEnd) {
                throw new Malformed("pack trailer entry " + i + " points outside the pack's data");
            }
            try {
                entries.add(new BlobEntry(id, BlobType.of(type), Compression.of(compression), offset, length, raw));
            } catch (IllegalArgumentException e) {
                throw new Malformed("pack trailer entry " + i + ": " + e.getMessage());
            }
        }
        return entries;
    }

    /** Checks the 8-byte pack header. */
    static void checkHeader(InputStream in) throws IOException {
        byte[] h = in.readNBytes(PackWriter.HEADER);
        if (h.length != PackWriter.HEADER || h[0] != 'B' || h[1] != 'D' || h[2] != 'P' || h[3] != 'K') {
            throw new Malformed("pack header magic is missing");
        }
        if (h[4] != PackWriter.VERSION) {
            throw new Malformed("pack version " + h[4] + " is not supported");
        }
    }

    /** A pack whose structure is broken; callers report it as damage of the pack. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
