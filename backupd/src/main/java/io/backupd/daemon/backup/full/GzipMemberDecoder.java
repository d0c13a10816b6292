package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates one whole gzip member held in memory and checks it against its trailer and its
 * index entry: CRC32, ISIZE, and that the member ends exactly where the index says. Every
 * failure is an IOException that names the member.
 *
 * <p>Not thread-safe: one instance per worker thread, reused. {@link #close()} frees zlib's
 * native memory.
 */
final class GzipMemberDecoder implements AutoCloseable {

    private static final int TRAILER = 8;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] overrun = new byte[1];

    /**
     * Inflates {@code in[0, member.compressedLength())} into {@code out[0, member.uncompressedLength())}.
     */
    void decode(GzipMember member, int ordinal, byte[] in, byte[] out) throws IOException {
        int length = member.compressedLength();
        int expected = member.uncompressedLength();
        int[] at = {0};
        int headerLength;
        try {
            headerLength = GzipHeader.skip(next(in, length, at), () -> next(in, length, at));
        } catch (IOException e) {
            throw corrupt(member, ordinal, e.getMessage(), e);
        }
        inflater.reset();
        inflater.setInput(in, headerLength, length - headerLength);
        int produced = 0;
        try {
            while (produced < expected) {
                int n = inflater.inflate(out, produced, expected - produced);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                produced += n;
            }
            // the deflate stream must end exactly here, not carry more data than the index says
            if (!inflater.finished() && inflater.inflate(overrun) > 0) {
                throw corrupt(member, ordinal, "inflates to more than the " + expected + " bytes indexed", null);
            }
        } catch (DataFormatException e) {
            throw corrupt(member, ordinal, "invalid deflate data: " + e.getMessage(), e);
        }
        if (!inflater.finished()) {
            throw corrupt(member, ordinal, "deflate data ends early, after " + produced + " of "
                    + expected + " bytes", null);
        }
        if (produced != expected) {
            throw corrupt(member, ordinal, "inflates to " + produced + " bytes, index says " + expected, null);
        }
        int trailerAt = length - inflater.getRemaining();
        if (inflater.getRemaining() != TRAILER) {
            throw corrupt(member, ordinal, "has " + inflater.getRemaining()
                    + " bytes after its deflate data where the 8-byte trailer should be", null);
        }
        crc.reset();
        crc.update(out, 0, produced);
        int storedCrc = GzipHeader.intLE(in, trailerAt);
        if (storedCrc != (int) crc.getValue()) {
            throw corrupt(member, ordinal, String.format("CRC32 mismatch (stored %08x, computed %08x)",
                    storedCrc, (int) crc.getValue()), null);
        }
        int storedSize = GzipHeader.intLE(in, trailerAt + 4);
        if (storedSize != produced) {
            throw corrupt(member, ordinal, "ISIZE mismatch (stored " + Integer.toUnsignedString(storedSize)
                    + ", inflated " + produced + ")", null);
        }
    }

    private static int next(byte[] in, int length, int[] at) {
        return at[0] < length ? in[at[0]++] & 0xFF : -1;
    }

    private static IOException corrupt(GzipMember member, int ordinal, String what, Throwable cause) {
        return new IOException(member.describe(ordinal) + ": " + what, cause);
    }

    @Override
    public void close() {
        inflater.end();
    }
}
