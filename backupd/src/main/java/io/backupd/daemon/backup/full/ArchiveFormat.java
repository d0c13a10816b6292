package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * The compressed tar formats a full backup can be written in, named the way configuration
 * and archive file names name them. Stateless; the streams it opens are documented on
 * {@link ParallelGzipOutputStream}, {@link ParallelGzipInputStream} and {@link ZstdArchiveStream}.
 */
public enum ArchiveFormat {

    /** The default: multi-member gzip, read by any gzip, indexed for parallel restore. */
    TAR_GZ(".tar.gz"),
    /** zstd level 3: much faster, read by zstd 1.x and {@code tar --zstd}. */
    TAR_ZST(".tar.zst");

    private final String extension;

    ArchiveFormat(String extension) {
        this.extension = extension;
    }

    /** Archive file name suffix, with its leading dot. */
    public String extension() {
        return extension;
    }

    /**
     * The format called {@code name}: its extension with or without the dot ({@code "tar.gz"}),
     * or the constant's name in any case ({@code "tar_zst"}).
     *
     * @throws IllegalArgumentException naming the known formats, for anything else
     */
    public static ArchiveFormat byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ArchiveFormat f : values()) {
            if (n.equals(f.extension) || n.equals(f.extension.substring(1)) || n.equals(f.name().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown archive format '" + name + "'; known: tar.gz, tar.zst");
    }

    /** The format whose extension ends {@code fileName}, e.g. {@code data-1700000000.tar.zst}. */
    public static ArchiveFormat byFileName(String fileName) {
        for (ArchiveFormat f : values()) {
            if (fileName.endsWith(f.extension)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + fileName + "' is not a .tar.gz or .tar.zst archive");
    }

    /**
     * A stream that compresses into {@code sink} on {@code threads} threads; closing it closes
     * the sink, after which {@link IndexedOutputStream#members()} is the index to keep.
     */
    public IndexedOutputStream openOutput(OutputStream sink, int threads) throws IOException {
        return switch (this) {
            case TAR_GZ -> new ParallelGzipOutputStream(sink, threads, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE,
                    ParallelGzipOutputStream.DEFAULT_LEVEL);
            case TAR_ZST -> ZstdArchiveStream.output(sink, ZstdArchiveStream.DEFAULT_LEVEL, threads);
        };
    }

    /**
     * A stream that decompresses {@code source}; {@code index} is what the output stream
     * reported (empty if lost: gzip is then read sequentially). Closing it closes the source.
     */
    public InputStream openInput(InputStream source, List<GzipMember> index, int threads) throws IOException {
        return switch (this) {
            case TAR_GZ -> new ParallelGzipInputStream(source, index, threads);
            case TAR_ZST -> ZstdArchiveStream.input(source);
        };
    }
}
