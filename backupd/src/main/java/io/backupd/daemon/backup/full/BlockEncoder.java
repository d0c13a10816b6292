package io.backupd.daemon.backup.full;

import java.io.IOException;

/**
 * Turns one block of bytes into one self-contained member of a format: a gzip member, a zstd
 * frame. Each instance is used by one thread at a time (it owns native compressor state), and
 * {@link #close()} frees that state.
 */
interface BlockEncoder extends AutoCloseable {

    /** Sets {@code block.encoded[0, encodedLength)} to a complete member of {@code block.data[0, length)}. */
    void encode(Block block) throws IOException;

    @Override
    void close();
}
