package io.backupd.daemon.backup.increment;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A blob's id: the SHA-256 of its plain bytes, with the digest reused across calls. Not thread-safe. */
final class ChunkHasher {
    private final MessageDigest sha256;
    private final byte[] digest = new byte[ChunkId.BYTES];

    ChunkHasher() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }

    ChunkId hash(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return ChunkId.of(digest, 0);
    }
}
