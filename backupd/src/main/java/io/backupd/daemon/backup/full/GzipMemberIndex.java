package io.backupd.daemon.backup.full;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * The compact serialisation of a member index, for keeping it beside an archive or in the
 * catalog (about 5 bytes per MiB of archive).
 *
 * <p>Format, version 1 (also in {@code docs/gzip-member-index.md}):
 * <pre>
 *   magic    4 bytes   "BGZI" (0x42 0x47 0x5A 0x49)
 *   version  1 byte    1
 *   count    varint    number of members N
 *   N times:
 *     uncompressed length   varint
 *     compressed length     varint
 *   crc      4 bytes   CRC32 of every byte before it, big-endian
 * </pre>
 * A varint is unsigned LEB128: 7 bits per byte, least significant group first, high bit set
 * on every byte but the last; at most 5 bytes. Offsets are not stored: members are contiguous,
 * so member i starts at the sum of the lengths before it in both streams, and member 0 at 0.
 *
 * <p>Stateless and thread-safe. {@link #read} rejects, with an IOException, anything that is
 * not exactly a valid index: wrong magic or version, a bad checksum, truncation, lengths a
 * writer cannot produce.
 */
public final class GzipMemberIndex {

    static final int VERSION = 1;
    private static final byte[] MAGIC = {'B', 'G', 'Z', 'I'};
    /** More members than 2^24 (16 TiB of 1 MiB blocks) means a corrupt count, not a real archive. */
    private static final int MAX_MEMBERS = 1 << 24;

    private GzipMemberIndex() {
    }

    /** Writes {@code members} (contiguous from offset 0) to {@code out}; does not close it. */
    public static void write(List<GzipMember> members, OutputStream out) throws IOException {
        checkContiguous(members);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + members.size() * 6);
        bytes.write(MAGIC);
        bytes.write(VERSION);
        putVarint(bytes, members.size());
        for (GzipMember m : members) {
            putVarint(bytes, m.uncompressedLength());
            putVarint(bytes, m.compressedLength());
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        int c = (int) crc.getValue();
        bytes.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        bytes.writeTo(out);
    }

    /** The serialised form as a byte array. */
    public static byte[] toBytes(List<GzipMember> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(members, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Reads one index from {@code in}, consuming exactly its bytes; does not close it. */
    public static List<GzipMember> read(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        InputStream checked = new CheckedInputStream(in, crc);
        byte[] magic = checked.readNBytes(MAGIC.length);
        if (magic.length < MAGIC.length || !Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a gzip member index (bad magic)");
        }
        int version = checked.read();
        if (version != VERSION) {
            throw new IOException("unsupported gzip member index version " + version);
        }
        int count = getVarint(checked);
        if (count > MAX_MEMBERS) {
            throw new IOException("gzip member index claims " + Integer.toUnsignedString(count) + " members");
        }
        List<GzipMember> members = new ArrayList<>(Math.min(count, 1 << 16));
        long uncompressed = 0;
        long compressed = 0;
        for (int i = 0; i < count; i++) {
            int uncompressedLength = getVarint(checked);
            int compressedLength = getVarint(checked);
            try {
                members.add(new GzipMember(uncompressed, compressed, compressedLength, uncompressedLength));
            } catch (IllegalArgumentException e) {
                throw new IOException("gzip member index entry #" + i + ": " + e.getMessage(), e);
            }
            uncompressed += uncompressedLength;
            compressed += compressedLength;
        }
        int expected = (int) crc.getValue();
        byte[] stored = in.readNBytes(4);
        if (stored.length < 4) {
            throw new EOFException("gzip member index is truncated");
        }
        int actual = (stored[0] & 0xFF) << 24 | (stored[1] & 0xFF) << 16 | (stored[2] & 0xFF) << 8 | stored[3] & 0xFF;
        if (actual != expected) {
            throw new IOException("gzip member index checksum mismatch: it is corrupt");
        }
        return List.copyOf(members);
    }

    /** Reads an index from exactly {@code bytes}; trailing bytes are an error. */
    public static List<GzipMember> fromBytes(byte[] bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<GzipMember> members = read(in);
        if (in.available() > 0) {
            throw new IOException("gzip member index has " + in.available() + " trailing bytes");
        }
        return members;
    }

    /** @throws IllegalArgumentException unless members start at 0/0 and each starts where the previous ends */
    static void checkContiguous(List<GzipMember> members) {
        long uncompressed = 0;
        long compressed = 0;
        for (int i = 0; i < members.size(); i++) {
            GzipMember m = members.get(i);
            if (m.uncompressedOffset() != uncompressed || m.compressedOffset() != compressed) {
                throw new IllegalArgumentException("member index is not contiguous at " + m.describe(i)
                        + ": expected compressed offset " + compressed + ", uncompressed offset " + uncompressed);
            }
            uncompressed = m.uncompressedEnd();
            compressed = m.compressedEnd();
        }
    }

    private static void putVarint(OutputStream out, int value) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int getVarint(InputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("gzip member index is truncated");
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("gzip member index has a malformed number");
    }
}
