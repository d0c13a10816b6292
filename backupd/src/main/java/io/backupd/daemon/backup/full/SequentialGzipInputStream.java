package io.backupd.daemon.backup.full;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates a gzip stream of any number of members on the caller's thread, checking each
 * member's CRC32 and ISIZE: the reader for archives without an index.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: before JDK 23 it decides whether another
 * member follows by asking {@code available()}, so over a pipe or a network stream it can stop
 * at a member boundary and silently return a truncated archive (JDK-7036144). This reader
 * only stops at the real end of input, and rejects trailing bytes that are not a member.
 *
 * <p>Not thread-safe. {@link #close()} closes the source.
 */
final class SequentialGzipInputStream extends InputStream {

    private final InputStream source;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[64 * 1024];
    /** Inflated bytes not yet read: tar reads 512 bytes at a time, and a JNI call per read costs more than the copy. */
    private final byte[] output = new byte[64 * 1024];
    private int outputPos;
    private int outputLimit;
    private final byte[] one = new byte[1];
    private int inputPos;
    private int inputLimit;
    private long memberOffset;
    private long consumedBefore;
    private long memberBytes;
    private boolean inMember;
    private boolean atEnd;
    private boolean sawMember;
    private boolean closed;

    SequentialGzipInputStream(InputStream source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (outputPos == outputLimit) {
            if (!inMember && !startMember()) {
                return -1;
            }
            outputPos = 0;
            outputLimit = inflate(output, 0, output.length);
        }
        int n = Math.min(len, outputLimit - outputPos);
        System.arraycopy(output, outputPos, b, off, n);
        outputPos += n;
        return n;
    }

    @Override
    public int available() {
        return outputLimit - outputPos;
    }

    /** Reads the next header; false at a clean end of input after at least one member. */
    private boolean startMember() throws IOException {
        if (atEnd) {
            return false;
        }
        memberOffset = consumedBefore + inputPos;
        int first = nextByte();
        if (first < 0) {
            atEnd = true;
            if (!sawMember) {
                throw new EOFException("empty input: not a gzip stream");
            }
            return false;
        }
        try {
            GzipHeader.skip(first, this::nextByte);
        } catch (ZipException e) {
            throw new ZipException("at compressed offset " + memberOffset + ": " + e.getMessage());
        }
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        inMember = true;
        sawMember = true;
        return true;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        try {
            while (true) {
                if (inflater.needsInput()) {
                    if (!fill()) {
                        throw new EOFException("input ends inside the gzip member at compressed offset " + memberOffset);
                    }
                    inflater.setInput(input, inputPos, inputLimit - inputPos);
                }
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    memberBytes += n;
                    syncInputPos();
                    return n;
                }
                if (inflater.finished()) {
                    syncInputPos();
                    finishMember();
                    return 0;
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("gzip member at compressed offset " + memberOffset + " needs a dictionary");
                }
                // no output but more input wanted: loop round to supply it
                syncInputPos();
            }
        } catch (DataFormatException e) {
            throw new ZipException("gzip member at compressed offset " + memberOffset + ": invalid deflate data: "
                    + e.getMessage());
        }
    }

    private void finishMember() throws IOException {
        int storedCrc = nextIntLE();
        int storedSize = nextIntLE();
        if (storedCrc != (int) crc.getValue()) {
            throw new ZipException(String.format("gzip member at compressed offset %d: CRC32 mismatch "
                    + "(stored %08x, computed %08x)", memberOffset, storedCrc, (int) crc.getValue()));
        }
        if (storedSize != (int) memberBytes) {
            throw new ZipException("gzip member at compressed offset " + memberOffset + ": ISIZE mismatch (stored "
                    + Integer.toUnsignedString(storedSize) + ", inflated " + memberBytes + " mod 2^32)");
        }
        inMember = false;
    }

    /** The inflater consumed from {@code input}; move {@code inputPos} to what it has not. */
    private void syncInputPos() {
        inputPos = inputLimit - inflater.getRemaining();
    }

    private boolean fill() throws IOException {
        if (inputPos < inputLimit) {
            return true;
        }
        consumedBefore += inputLimit;
        inputPos = 0;
        inputLimit = 0;
        int n = source.read(input, 0, input.length);
        if (n <= 0) {
            return false;
        }
        inputLimit = n;
        return true;
    }

    private int nextByte() throws IOException {
        return fill() ? input[inputPos++] & 0xFF : -1;
    }

    private int nextIntLE() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int b = nextByte();
            if (b < 0) {
                throw new EOFException("input ends inside the trailer of the gzip member at compressed offset "
                        + memberOffset);
            }
            v |= b << (8 * i);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            inflater.end();
            source.close();
        }
    }
}
