package io.backupd.daemon.backup.full;

import java.io.IOException;

/**
 * Turns one block of bytes into one self-contained gzip member. Each instance is used by one
 * thread at a time (it owns native zlib state), and {@link #close()} frees that state.
 */
interface BlockEncoder extends AutoCloseable {

    /** Sets {@code block.encoded[0, encodedLength)} to a complete gzip member of {@code block.data[0, length)}. */
    void encode(Block block) throws IOException;

    @Override
    void close();
}
