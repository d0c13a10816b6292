package io.backupd.daemon.backup.full;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * Reads past an RFC 1952 member header, the part both readers share. Accepts every header
 * gzip and pigz write (optional extra field, name, comment, header CRC), not only ours, so
 * the sequential reader handles any .gz file.
 */
final class GzipHeader {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;

    /** Next byte of a header, or -1 at the end of input. */
    @FunctionalInterface
    interface ByteSource {
        int next() throws IOException;
    }

    private GzipHeader() {
    }

    /**
     * Consumes one header whose first byte is {@code first} (already read, so a caller can tell
     * a clean end of input from a member).
     *
     * @return the header's length in bytes
     * @throws ZipException if it is not a gzip deflate header; EOFException if input ends inside it
     */
    static int skip(int first, ByteSource in) throws IOException {
        int second = require(in);
        if (first != 0x1f || second != 0x8b) {
            throw new ZipException(String.format("not a gzip member (starts with %02x %02x)", first, second));
        }
        if (require(in) != 8) {
            throw new ZipException("gzip member uses a compression method other than deflate");
        }
        int flags = require(in);
        if ((flags & RESERVED) != 0) {
            throw new ZipException("gzip member header has reserved flags set");
        }
        int length = 4;
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            require(in);
        }
        length += 6;
        if ((flags & FEXTRA) != 0) {
            int extra = require(in) | require(in) << 8;
            for (int i = 0; i < extra; i++) {
                require(in);
            }
            length += 2 + extra;
        }
        if ((flags & FNAME) != 0) {
            length += skipZeroTerminated(in);
        }
        if ((flags & FCOMMENT) != 0) {
            length += skipZeroTerminated(in);
        }
        if ((flags & FHCRC) != 0) {
            require(in);
            require(in);
            length += 2;
        }
        return length;
    }

    private static int skipZeroTerminated(ByteSource in) throws IOException {
        int n = 1;
        while (require(in) != 0) {
            n++;
        }
        return n;
    }

    private static int require(ByteSource in) throws IOException {
        int b = in.next();
        if (b < 0) {
            throw new EOFException("input ends inside a gzip member header");
        }
        return b;
    }

    /** Little-endian 32-bit value at {@code at}, as gzip trailers store CRC32 and ISIZE. */
    static int intLE(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
