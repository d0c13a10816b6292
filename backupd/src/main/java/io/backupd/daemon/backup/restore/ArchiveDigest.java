package io.backupd.daemon.backup.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streaming SHA-256 of archive bytes; nothing is held in memory beyond one buffer. */
final class ArchiveDigest {
    private ArchiveDigest() {
    }

    /** Reads {@code in} to its end and returns the hex digest; does not close it. */
    static String of(InputStream in) throws IOException {
        DigestInputStream digesting = digesting(in);
        drain(digesting);
        return hex(digesting);
    }

    static DigestInputStream digesting(InputStream in) {
        try {
            return new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(DigestInputStream in) {
        return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }

    static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (in.read(buf) >= 0) {
            // only the digest is wanted
        }
    }

    /** Marks I/O failures of the storage stream so they can be told apart from a malformed archive. */
    static final class StorageReadFailure extends IOException {
        StorageReadFailure(IOException cause) {
            super("cannot read the archive from storage: " + cause, cause);
        }
    }

    /** Wraps a storage stream so that every IOException it throws is a {@link StorageReadFailure}. */
    static InputStream tagged(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new StorageReadFailure(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new StorageReadFailure(e);
                }
            }

            @Override
            public long skip(long n) throws IOException {
                try {
                    return super.skip(n);
                } catch (IOException e) {
                    throw new StorageReadFailure(e);
                }
            }
        };
    }
}
