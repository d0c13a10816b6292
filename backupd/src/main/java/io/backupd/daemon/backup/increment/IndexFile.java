package io.backupd.daemon.backup.increment;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * Encoding of one index file: for each pack, its id and its blobs' entries, then a CRC32C of the
 * whole (see docs/repository-format.md). Binary because an index is loaded before every backup and is
 * mostly incompressible ids. Writers cap a file at {@link #MAX_ENTRIES} blobs so readers can hold
 * one file in memory.
 */
final class IndexFile {
    static final int MAX_ENTRIES = 65_536;
    private static final byte[] MAGIC = {'B', 'D', 'I', 'X'};
    private static final int VERSION = 1;
    private static final int MAX_BYTES = 64 << 20;

    private IndexFile() {
    }

    static byte[] encode(Map<String, List<BlobEntry>> packs) {
        int size = 12 + 4;
        for (List<BlobEntry> entries : packs.values()) {
            size += 16 + 4 + entries.size() * PackWriter.ENTRY;
        }
        byte[] out = new byte[size];
        ByteBuffer bb = ByteBuffer.wrap(out);
        bb.put(MAGIC).put((byte) VERSION).put(new byte[3]).putInt(packs.size());
        for (Map.Entry<String, List<BlobEntry>> pack : packs.entrySet()) {
            bb.put(HexFormat.of().parseHex(pack.getKey())).putInt(pack.getValue().size());
            for (BlobEntry e : pack.getValue()) {
                e.id().writeTo(out, bb.position());
                bb.position(bb.position() + ChunkId.BYTES);
                bb.put((byte) e.type().code).put((byte) e.compression().code).putShort((short) 0);
                bb.putInt(e.offset()).putInt(e.length()).putInt(e.rawLength());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out, 0, bb.position());
        bb.putInt((int) crc.getValue());
        return out;
    }

    /** Calls {@code visitor} for every (pack id, blob) of an index file; IllegalArgumentException when malformed. */
    static void decode(byte[] data, BiConsumer<String, BlobEntry> visitor) {
        if (data.length < 16 || data.length > MAX_BYTES) {
            throw new IllegalArgumentException("index file has an impossible size of " + data.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        ByteBuffer bb = ByteBuffer.wrap(data);
        if (bb.getInt(data.length - 4) != (int) crc.getValue()) {
            throw new IllegalArgumentException("index file checksum does not match");
        }
        byte[] magic = new byte[4];
        bb.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("index file magic is missing");
        }
        int version = bb.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("index file version " + version + " is not supported");
        }
        bb.position(8);
        int packs = bb.getInt();
        byte[] packId = new byte[16];
        for (int p = 0; p < packs; p++) {
            bb.get(packId);
            String pack = HexFormat.of().formatHex(packId);
            int count = bb.getInt();
            if (count < 0 || (long) count * PackWriter.ENTRY > bb.remaining() - 4) {
                throw new IllegalArgumentException("index file entry count " + count + " overruns the file");
            }
            for (int i = 0; i < count; i++) {
                ChunkId id = ChunkId.of(data, bb.position());
                bb.position(bb.position() + ChunkId.BYTES);
                BlobType type = BlobType.of(bb.get());
                Compression compression = Compression.of(bb.get());
                bb.getShort();
                visitor.accept(pack, new BlobEntry(id, type, compression, bb.getInt(), bb.getInt(), bb.getInt()));
            }
        }
        if (bb.remaining() != 4) {
            throw new IllegalArgumentException("index file has " + (bb.remaining() - 4) + " trailing bytes");
        }
    }
}
