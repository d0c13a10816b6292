package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A POSIX (pax) tar of the volume through a {@link Compression}. Entries are {@code ./}-relative,
 * in sorted depth-first order: the volume directory itself as {@code ./}, directories (also empty
 * ones), regular files and symlinks (as links) with their permission bits, mtimes to the
 * nanosecond and numeric uid/gid. Sub-second mtimes, long, non-ASCII and large values go into a pax
 * header per entry ({@link PaxHeader}), which GNU tar and every other modern reader understand.
 */
public final class TarArchiveWriter implements ArchiveWriter {
    private static final int TAR_BLOCK_SIZE = 10240;
    private final Compression compression;

    public TarArchiveWriter(Compression compression) {
        this.compression = compression;
    }

    @Override
    public String extension() {
        return compression.extension();
    }

    @Override
    public WrittenArchive write(Path volumeDir, OutputStream out, ArchiveProgress progress) throws IOException {
        Counts counts = new Counts();
        IndexedOutputStream compressed = compression.wrap(new NonClosing(out));
        try (TarArchiveOutputStream tar = tarStream(compressed)) {
            VolumeWalker.walk(volumeDir, (path, name) -> {
                if (progress.cancelled()) {
                    throw new CancellationException("the backup was cancelled");
                }
                writeEntry(tar, path, name, counts, progress);
            });
            tar.finish();
        }
        return new WrittenArchive(counts.stats(), compressed.members());
    }

    /** The tar stream entries go through, each after its own {@link PaxHeader}. */
    static TarArchiveOutputStream tarStream(OutputStream out) {
        // a 10 KiB block as GNU tar writes: the default pushes every 512-byte record down separately
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, TAR_BLOCK_SIZE, StandardCharsets.UTF_8.name());
        // PaxHeader writes every pax record: Commons Compress must fail rather than add a second header
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        return tar;
    }

    private static void writeEntry(TarArchiveOutputStream tar, Path path, String name, Counts counts,
                                   ArchiveProgress progress) throws IOException {
        FileMeta meta;
        try {
            meta = FileMeta.read(path);
        } catch (NoSuchFileException e) {
            counts.skipped++;
            return;
        }
        String entryName = name;
        String linkName = null;
        byte type;
        if (meta.directory()) {
            entryName = name.endsWith("/") ? name : name + "/";
            type = TarConstants.LF_DIR;
        } else if (meta.symlink()) {
            type = TarConstants.LF_SYMLINK;
            linkName = Files.readSymbolicLink(path).toString();
        } else if (meta.regular()) {
            type = TarConstants.LF_NORMAL;
        } else {
            counts.skipped++; // sockets, fifos, devices: GNU tar skips sockets too, and restoring a device is not ours
            return;
        }
        long size = meta.regular() ? meta.size() : 0;
        PaxHeader pax = PaxHeader.of(entryName, linkName, size, meta.uid(), meta.gid(), meta.mtime());
        TarArchiveEntry entry = new TarArchiveEntry(PaxHeader.ustarName(entryName), type);
        if (linkName != null) {
            entry.setLinkName(PaxHeader.ustarName(linkName));
        }
        entry.setSize(size);
        entry.setMode(meta.mode() & 07777);
        entry.setModTime(PaxHeader.ustarTime(meta.mtime()));
        entry.setUserId(meta.uid());
        entry.setGroupId(meta.gid());
        if (meta.regular()) {
            if (!writeContent(tar, path, entryName, pax, entry, counts, progress)) {
                return;
            }
        } else {
            pax.writeTo(tar, entryName);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        counts.entries++;
    }

    /** Writes exactly the size in the header: a file that grew is cut, one that shrank is zero-padded. */
    private static boolean writeContent(TarArchiveOutputStream tar, Path path, String name, PaxHeader pax,
                                        TarArchiveEntry entry, Counts counts, ArchiveProgress progress) throws IOException {
        long size = entry.getSize();
        InputStream in;
        try {
            in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            counts.skipped++;
            return false;
        }
        pax.writeTo(tar, name);
        tar.putArchiveEntry(entry);
        long copied = 0;
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0; ) {
                tar.write(buffer, 0, n);
                copied += n;
            }
            if (copied < size || in.read() >= 0) {
                counts.changed++;
            }
        }
        byte[] zeros = new byte[8192];
        for (long missing = size - copied; missing > 0; missing -= Math.min(missing, zeros.length)) {
            tar.write(zeros, 0, (int) Math.min(missing, zeros.length));
        }
        tar.closeArchiveEntry();
        counts.files++;
        counts.bytes += copied;
        progress.advance(copied, 1);
        return true;
    }

    private static final class Counts {
        long files;
        long entries;
        long bytes;
        long skipped;
        long changed;

        ArchiveStats stats() {
            return new ArchiveStats(files, entries, bytes, skipped, changed);
        }
    }

    /** The compressor closes its sink when it finishes; the caller still owns {@code out}. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
