package io.backupd.daemon.backup.increment;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot's tree as a compact binary stream (see docs/repository-format.md, "Tree stream"): a header,
 * then one length-prefixed record per entry in {@link PathOrder}, each path stored as the length of
 * the prefix it shares with the previous path plus the rest, chunk ids as raw 32 bytes, and a zero
 * length at the end. Binary because the tree is rewritten and reparsed by every backup: an unchanged
 * 20,000-file volume costs ~1.5 MB to encode and hash instead of ~5 MB of JSON. Records carry their
 * length, so a reader skips fields a later version appends. Entries are streamed one by one in both
 * directions; not thread-safe.
 */
final class TreeCodec {
    static final byte[] MAGIC = {'B', 'D', 'T', 'R'};
    static final int VERSION = 1;
    private static final int MAX_RECORD = 64 << 20;

    private TreeCodec() {
    }

    /** Writes entries to an output stream. */
    static final class Writer implements AutoCloseable {
        private final OutputStream out;
        private byte[] record = new byte[4096];
        private int pos;
        private byte[] previous = new byte[0];
        private final byte[] lengthPrefix = new byte[10];

        Writer(OutputStream out) throws IOException {
            this.out = out;
            out.write(MAGIC);
            out.write(VERSION);
        }

        void write(TreeEntry e) throws IOException {
            byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            int max = Math.min(path.length, previous.length);
            while (shared < max && path[shared] == previous[shared]) {
                shared++;
            }
            pos = 0;
            varint(shared);
            varint(path.length - shared);
            bytes(path, shared, path.length - shared);
            ensure(1);
            record[pos++] = (byte) e.type().code;
            varint(e.mode());
            varint(e.uid() & 0xffffffffL);
            varint(e.gid() & 0xffffffffL);
            varint((e.mtimeNanos() << 1) ^ (e.mtimeNanos() >> 63));
            varint(e.size());
            varint(e.inode());
            varint(e.device());
            byte[] target = e.target() == null ? new byte[0] : e.target().getBytes(StandardCharsets.UTF_8);
            varint(target.length);
            bytes(target, 0, target.length);
            varint(e.chunks().size());
            ensure(e.chunks().size() * ChunkId.BYTES);
            for (ChunkId c : e.chunks()) {
                c.writeTo(record, pos);
                pos += ChunkId.BYTES;
            }
            if (e.ctimeNanos() != TreeEntry.NO_CTIME) {
                // as a difference to the mtime: one byte for a file whose last write set both
                long delta = e.ctimeNanos() - e.mtimeNanos();
                varint((delta << 1) ^ (delta >> 63));
            }
            int n = putVarint(lengthPrefix, 0, pos);
            out.write(lengthPrefix, 0, n);
            out.write(record, 0, pos);
            previous = path;
        }

        /** Writes the end marker and closes the stream. */
        @Override
        public void close() throws IOException {
            out.write(0);
            out.close();
        }

        private void varint(long v) {
            ensure(10);
            pos = putVarint(record, pos, v);
        }

        private void bytes(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, record, pos, len);
            pos += len;
        }

        private void ensure(int more) {
            if (record.length - pos < more) {
                record = Arrays.copyOf(record, Math.max(record.length * 2, pos + more));
            }
        }
    }

    /** Reads entries one by one; IllegalArgumentException on a malformed stream. */
    static final class Reader implements AutoCloseable {
        private final InputStream in;
        private byte[] record = new byte[4096];
        private int pos;
        private int limit;
        private byte[] path = new byte[256];
        private int previousLength;
        private boolean ended;

        Reader(InputStream in) throws IOException {
            this.in = in;
            byte[] header = in.readNBytes(MAGIC.length + 1);
            if (header.length != MAGIC.length + 1 || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
                throw new IllegalArgumentException("tree stream does not start with the tree magic");
            }
            if (header[MAGIC.length] != VERSION) {
                throw new IllegalArgumentException("tree stream version " + header[MAGIC.length] + " is not supported");
            }
        }

        /** The next entry, or null after the last. */
        TreeEntry next() throws IOException {
            if (ended) {
                return null;
            }
            long length = streamVarint();
            if (length == 0) {
                ended = true;
                return null;
            }
            if (length > MAX_RECORD) {
                throw new IllegalArgumentException("tree record of " + length + " bytes is implausible");
            }
            if (record.length < length) {
                record = new byte[(int) Math.max(length, record.length * 2L)];
            }
            limit = (int) length;
            if (in.readNBytes(record, 0, limit) != limit) {
                throw new IllegalArgumentException("tree stream ends inside a record");
            }
            pos = 0;
            int shared = intVarint();
            int suffix = intVarint();
            if (shared > previousLength || (long) shared + suffix > MAX_RECORD) {
                throw new IllegalArgumentException("tree record shares more of the previous path than there is");
            }
            if (path.length < shared + suffix) {
                path = Arrays.copyOf(path, Math.max(shared + suffix, path.length * 2));
            }
            take(suffix);
            System.arraycopy(record, pos - suffix, path, shared, suffix);
            previousLength = shared + suffix;
            String p = new String(path, 0, previousLength, StandardCharsets.UTF_8);
            take(1);
            EntryType type = EntryType.of(record[pos - 1]);
            int mode = intVarint();
            int uid = (int) varint();
            int gid = (int) varint();
            long zz = varint();
            long mtime = (zz >>> 1) ^ -(zz & 1);
            long size = varint();
            long ino = varint();
            long dev = varint();
            int targetLength = intVarint();
            take(targetLength);
            String target = type == EntryType.SYMLINK
                    ? new String(record, pos - targetLength, targetLength, StandardCharsets.UTF_8) : null;
            int count = intVarint();
            take((long) count * ChunkId.BYTES);
            List<ChunkId> chunks = count == 0 ? List.of() : new ArrayList<>(count);
            for (int i = 0, at = pos - count * ChunkId.BYTES; i < count; i++, at += ChunkId.BYTES) {
                chunks.add(ChunkId.of(record, at));
            }
            long ctime = TreeEntry.NO_CTIME;
            if (pos < limit) {
                long zd = varint();
                ctime = mtime + ((zd >>> 1) ^ -(zd & 1));
            }
            // anything after the known fields belongs to a later version and is skipped
            return new TreeEntry(p, type, mode, uid, gid, mtime, ctime, size, ino, dev, target, chunks);
        }

        private void take(long n) {
            if (n < 0 || pos + n > limit) {
                throw new IllegalArgumentException("tree record is shorter than its fields");
            }
            pos += (int) n;
        }

        private int intVarint() {
            long v = varint();
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tree record field " + v + " is out of range");
            }
            return (int) v;
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                take(1);
                int b = record[pos - 1] & 0xff;
                v |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    return v;
                }
            }
            throw new IllegalArgumentException("tree record has an overlong varint");
        }

        private long streamVarint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("tree stream ends without its end marker");
                }
                v |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    return v;
                }
            }
            throw new IllegalArgumentException("tree stream has an overlong varint");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last byte. */
    static int putVarint(byte[] b, int pos, long v) {
        while ((v & ~0x7fL) != 0) {
            b[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }
}
