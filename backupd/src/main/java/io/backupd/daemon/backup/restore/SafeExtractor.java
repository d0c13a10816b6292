package io.backupd.daemon.backup.restore;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts a tar stream into a new staging folder, refusing anything that could write outside it
 * or smuggle in something the volume must not hold. All or nothing: the first refused entry stops
 * the extraction, the staging folder is deleted and nothing else was written.
 *
 * <p>Refused (INVALID_ARGUMENT {@code "archive entry '<name>': <why>"}):
 * <ul>
 *   <li>names that are empty, absolute (also {@code ////x}, also via PAX {@code path} or a GNU long
 *       name), contain {@code ..} or NUL, or are longer than {@link ExtractLimits#maxNameBytes()} (and
 *       than what fits PATH_MAX below the volume), or have a component over 255 bytes;</li>
 *   <li>any entry whose path goes through, or replaces, a symlink of an earlier entry; a symlink that
 *       would replace a directory or file; a duplicate file;</li>
 *   <li>hard links whose target is invalid by the same name rules or is not a regular file this
 *       archive extracted earlier;</li>
 *   <li>character and block devices, FIFOs, and any type other than file, directory, symlink,
 *       hard link (and GNU sparse files Commons can expand);</li>
 *   <li>headers Commons cannot parse (negative or unparseable sizes, ...), bad header checksums,
 *       sizes over {@link ExtractLimits#maxEntrySize()}, uid/gid outside 0..2^32-2, more than
 *       {@link ExtractLimits#maxEntries()} entries, more than {@link ExtractLimits#maxHeaderBytes()}
 *       of PAX/GNU metadata in front of one entry, symlink targets that are empty, contain NUL or
 *       are longer than 4096 bytes.</li>
 * </ul>
 *
 * <p>File content is written through a {@link SparseWriter}: blocks of zeros become holes, so a
 * sparse file takes no more disk after the restore than before.
 *
 * <p>Stripped, not refused: setuid, setgid and sticky bits. The content is restored with the
 * nine permission bits only and the result carries one note per affected entry. Stripping is the
 * friendlier choice for a volume restore: the data is what the owner wants back, while a setuid or
 * setgid file restored on a host whose uids differ from the backup's (volumes move between
 * nodes) is a privilege-escalation tool for anyone who can run it; a sticky directory is
 * meaningful only with several local users sharing it, which app volumes do not have.
 *
 * <p>Kept: permission bits, mtimes (directories' after their contents), and numeric uid/gid when
 * the daemon runs as root (otherwise ownership is left to the daemon's user). Symlink targets are
 * kept as they are, absolute or not: they are created last and never followed by the restore, and
 * inside the container an absolute target means the container's own filesystem. The archive's
 * root entry ({@code ./}) is skipped: the volume directory keeps its own mode and owner.
 *
 * <p>Every file is fsynced (in batches, {@link StagedFiles}), and every directory after its
 * metadata, so that a completed extraction survives a power loss before the swap relies on it.
 *
 * <p>Thread-safe: instances hold only configuration; each call works on its own staging folder.
 */
final class SafeExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(SafeExtractor.class);
    static final int MAX_NOTES = 100;
    static final int MAX_LINK_TARGET_BYTES = 4096;
    /** Linux PATH_MAX, including the terminating NUL. */
    private static final int PATH_MAX = 4096;
    private static final long MAX_ID = 0xFFFF_FFFEL;

    private final ExtractLimits limits;

    SafeExtractor(ExtractLimits limits) {
        this.limits = limits;
    }

    /**
     * Creates {@code staging} (its parent must exist, it must not) and extracts {@code tar} into it.
     *
     * @param tar          an uncompressed tar stream; read up to the end-of-archive marker, not closed
     * @param staging      the folder to create; on any failure it is deleted again
     * @param pathBudgetOf the directory the content ends up in (the volume), for the PATH_MAX check
     * @throws BackupException INVALID_ARGUMENT for a refused or unreadable archive, INTERNAL when the
     *                         staging folder cannot be written
     */
    ExtractSummary extract(InputStream tar, Path staging, Path pathBudgetOf) {
        return extract(tar, staging, pathBudgetOf, Long.MAX_VALUE);
    }

    /**
     * As {@link #extract(InputStream, Path, Path)}, refusing the archive once its files would put
     * more than {@code maxDataBytes} of data on disk (holes do not count): the bound a catalog entry
     * gives, so an archive edited to inflate into far more than it recorded fails, staging deleted.
     */
    ExtractSummary extract(InputStream tar, Path staging, Path pathBudgetOf, long maxDataBytes) {
        try {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot create staging folder " + staging + ": " + e, e);
        }
        Run run = new Run(staging, pathBudgetOf, maxDataBytes);
        try {
            return run.extractFrom(new GuardedTarInputStream(tar, limits.maxHeaderBytes()));
        } catch (Refusal r) {
            abandon(run, staging);
            String name = r.entry() != null ? r.entry() : run.currentName;
            throw BackupException.invalid("archive entry '" + EntryName.display(name) + "': " + r.getMessage());
        } catch (ArchiveUnreadable e) {
            abandon(run, staging);
            // while reading a header the entry has no name yet: number it, and name its predecessor
            String which = run.currentName != null ? "'" + EntryName.display(run.currentName) + "'"
                    : "#" + (run.index + 1) + (run.previousName == null ? "" : " (after '" + EntryName.display(run.previousName) + "')");
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, "archive entry " + which + ": unreadable: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            abandon(run, staging);
            throw new BackupException(ErrorCode.INTERNAL, "cannot write staging folder " + staging + ": " + e, e);
        } catch (RuntimeException e) {
            abandon(run, staging);
            throw e;
        }
    }

    /** An IOException from reading the archive, as opposed to writing the staging folder. */
    private static final class ArchiveUnreadable extends IOException {
        ArchiveUnreadable(IOException cause) {
            super(cause);
        }
    }

    /** The state of one extraction. */
    private final class Run {
        private final StagingTree tree;
        private final int maxNameBytes;
        private final List<String> notes = new ArrayList<>();
        private long index;
        private String currentName;
        private String previousName;
        private long files;
        private long dirs;
        private long symlinks;
        private long hardLinks;
        private long bytes;
        private long dataBytes;
        private final long maxDataBytes;
        private long stripped;

        Run(Path staging, Path pathBudgetOf, long maxDataBytes) {
            this.maxDataBytes = maxDataBytes;
            boolean root = ownerUid(staging) == 0;
            this.tree = new StagingTree(staging, root, limits.maxDeferredBytes());
            int prefix = Math.max(bytes(staging.toString()), bytes(pathBudgetOf.toString())) + 1;
            this.maxNameBytes = Math.max(1, Math.min(limits.maxNameBytes(), PATH_MAX - 1 - prefix));
        }

        ExtractSummary extractFrom(GuardedTarInputStream tar) throws Refusal, IOException {
            TarArchiveEntry entry;
            while ((entry = next(tar)) != null) {
                index++;
                currentName = entry.getName();
                if (index > limits.maxEntries()) {
                    throw new Refusal("the archive has more than " + limits.maxEntries() + " entries");
                }
                extractEntry(tar, entry);
                previousName = currentName;
                currentName = null;
            }
            tree.finish();
            if (stripped > MAX_NOTES) {
                notes.add("... and " + (stripped - MAX_NOTES) + " more entries had special mode bits stripped");
            }
            return new ExtractSummary(files, dirs, symlinks, hardLinks, bytes, notes);
        }

        private void extractEntry(GuardedTarInputStream tar, TarArchiveEntry entry) throws Refusal, IOException {
            if (!entry.isCheckSumOK()) {
                throw new Refusal("the header checksum is wrong");
            }
            for (String raw : tar.rawPaths()) {
                // Commons drops leading slashes of these before we see the name; refuse like a ustar name
                if (raw.startsWith("/")) {
                    throw new Refusal(raw, "absolute names are not restored");
                }
            }
            List<String> path = EntryName.components(entry.getName(), maxNameBytes);
            long size = Math.max(entry.getSize(), entry.getRealSize());
            if (size < 0 || size > limits.maxEntrySize()) {
                throw new Refusal("the entry declares " + size + " bytes, outside 0.." + limits.maxEntrySize());
            }
            checkId("uid", entry.getLongUserId());
            checkId("gid", entry.getLongGroupId());
            StagingTree.Meta meta = new StagingTree.Meta(permissions(entry), entry.getLastModifiedTime(),
                    entry.getLongUserId(), entry.getLongGroupId());
            byte type = entry.getLinkFlag();
            if (type == TarConstants.LF_DIR || (isRegularType(type) && entry.isDirectory())) {
                if (!path.isEmpty()) {
                    tree.directory(path, meta);
                    dirs++;
                }
                return;
            }
            if (path.isEmpty()) {
                throw new Refusal("only a directory may name the archive root");
            }
            if (isRegularType(type) || type == TarConstants.LF_GNUTYPE_SPARSE) {
                if (!tar.canReadEntryData(entry)) {
                    throw new Refusal("this sparse file format is not supported");
                }
                writeFile(tar, path, meta, size);
            } else if (type == TarConstants.LF_SYMLINK) {
                String target = entry.getLinkName();
                if (target == null || target.isEmpty() || target.indexOf('\0') >= 0
                        || bytes(target) > MAX_LINK_TARGET_BYTES) {
                    throw new Refusal("the symlink target is empty, contains NUL or is longer than "
                            + MAX_LINK_TARGET_BYTES + " bytes");
                }
                tree.symlink(entry.getName(), path, target, meta);
                symlinks++;
            } else if (type == TarConstants.LF_LINK) {
                List<String> target;
                try {
                    target = EntryName.components(entry.getLinkName(), maxNameBytes);
                } catch (Refusal r) {
                    throw new Refusal("hard link target '" + EntryName.display(entry.getLinkName()) + "': " + r.getMessage());
                }
                if (target.isEmpty()) {
                    throw new Refusal("hard link target is the archive root");
                }
                tree.hardLink(path, target);
                hardLinks++;
            } else if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
                throw new Refusal("device files are never restored (" + (type == TarConstants.LF_CHR ? "character" : "block") + " device)");
            } else if (type == TarConstants.LF_FIFO) {
                throw new Refusal("FIFOs are never restored");
            } else {
                throw new Refusal("unsupported entry type '" + EntryName.display(String.valueOf((char) (type & 0xff))) + "'");
            }
        }

        private void writeFile(GuardedTarInputStream tar, List<String> path, StagingTree.Meta meta, long size)
                throws Refusal, IOException {
            if (bytes + size > limits.maxTotalBytes()) {
                throw new Refusal("the archive holds more than " + limits.maxTotalBytes() + " bytes of files");
            }
            FileChannel channel = tree.createFile(path);
            long written;
            try {
                SparseWriter out = new SparseWriter(channel);
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = read(tar, buf)) > 0) {
                    out.write(buf, 0, n);
                    checkData(out);
                }
                written = out.finish();
                checkData(out);
                dataBytes += out.dataBytes();
            } catch (IOException | RuntimeException | Refusal e) {
                channel.close();
                throw e;
            }
            tree.completeFile(path, channel, meta);
            files++;
            bytes += written;
        }

        private void checkData(SparseWriter out) throws Refusal {
            if (dataBytes + out.dataBytes() > maxDataBytes) {
                throw new Refusal("the archive would write more than " + maxDataBytes + " bytes of file data, more than"
                        + " its catalog entry records; it was edited or damaged, and nothing was restored");
            }
        }

        private int permissions(TarArchiveEntry entry) {
            int mode = entry.getMode() & 07777; // Commons keeps the file type bits (0100000...) too
            String special = Modes.specialBits(mode);
            if (!special.isEmpty()) {
                stripped++;
                if (notes.size() < MAX_NOTES) {
                    notes.add(String.format("'%s': %s bit stripped (mode %04o restored as %04o)",
                            EntryName.display(entry.getName()), special, mode, mode & Modes.PERMISSIONS));
                }
            }
            return mode & Modes.PERMISSIONS;
        }
    }

    private static boolean isRegularType(byte type) {
        return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
    }

    private static void checkId(String what, long id) throws Refusal {
        if (id < 0 || id > MAX_ID) {
            throw new Refusal(what + " " + id + " is outside 0.." + MAX_ID);
        }
    }

    private static TarArchiveEntry next(GuardedTarInputStream tar) throws ArchiveUnreadable {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new ArchiveUnreadable(e);
        } catch (IllegalArgumentException e) {
            // Commons signals some malformed header fields this way rather than as IOException
            throw new ArchiveUnreadable(new IOException(e.getMessage(), e));
        }
    }

    private static int read(GuardedTarInputStream tar, byte[] buf) throws ArchiveUnreadable {
        try {
            return tar.read(buf, 0, buf.length);
        } catch (IOException e) {
            throw new ArchiveUnreadable(e);
        }
    }

    private static int ownerUid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Closes the files still open in staging, then deletes it. */
    private static void abandon(Run run, Path staging) {
        run.tree.close();
        deleteQuietly(staging);
    }

    private static void deleteQuietly(Path staging) {
        try {
            TreeDeleter.delete(staging);
        } catch (IOException e) {
            LOG.warn("cannot delete staging folder {} after a failed extraction; recovery retries: {}", staging, e.toString());
        }
    }
}
