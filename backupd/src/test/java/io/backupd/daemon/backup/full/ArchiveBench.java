package io.backupd.daemon.backup.full;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Benchmark driver, not a test: what a full backup and a restore do, as one process each, so
 * {@code bench/run-archive-bench.sh} can time it beside GNU tar, gzip, pigz and zstd.
 *
 * <pre>
 *   ArchiveBench create  tar.gz|tar.zst DIR ARCHIVE [threads] [--level=N] [--repeat=N]
 *   ArchiveBench extract tar.gz|tar.zst ARCHIVE DEST [threads] [--no-index] [--repeat=N]
 * </pre>
 * {@code create} writes a PAX tar of DIR (entries named from DIR's last element) and the gzip
 * member index to {@code ARCHIVE.idx}; {@code extract} uses the index unless told not to.
 * Like GNU tar run as root, it records and restores mode, owner and mtime.
 *
 * <p>{@code --repeat=N} runs the operation N times in this JVM (extracting into
 * {@code DEST/rep-1 … rep-N}) and reports the last run's wall and process CPU time: the warm
 * figures a long-running daemon sees, without JIT compilation and class loading.
 */
public final class ArchiveBench {

    private static final int COPY_BUFFER = 256 * 1024;
    private static final int TAR_BLOCK = 20 * 512;

    private ArchiveBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: create|extract FORMAT SRC DEST [threads] [--no-index]");
            System.exit(2);
        }
        ArchiveFormat format = ArchiveFormat.byName(args[1]);
        Path src = Path.of(args[2]);
        Path dest = Path.of(args[3]);
        int threads = args.length > 4 && !args[4].startsWith("--") ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        boolean useIndex = !List.of(args).contains("--no-index");
        int level = intOption(args, "--level=", -1);
        int repeat = intOption(args, "--repeat=", 1);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 1; r <= repeat; r++) {
            long start = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            switch (args[0]) {
                case "create" -> create(format, src, dest, threads, level);
                case "extract" -> extract(format, src, repeat == 1 ? dest : dest.resolve("rep-" + r), threads, useIndex);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
            System.err.printf("%s %s run %d: %.3f s in JVM, %.3f s cpu%n", args[0], format.extension(), r,
                    (System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
        }
    }

    private static int intOption(String[] args, String prefix, int otherwise) {
        return List.of(args).stream().filter(x -> x.startsWith(prefix))
                .mapToInt(x -> Integer.parseInt(x.substring(prefix.length()))).findFirst().orElse(otherwise);
    }

    static void create(ArchiveFormat format, Path dir, Path archive, int threads, int level) throws IOException {
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive), COPY_BUFFER);
        IndexedOutputStream compressed = format == ArchiveFormat.TAR_GZ && level >= 0
                ? new ParallelGzipOutputStream(file, threads, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, level)
                : format.openOutput(file, threads);
        // GNU tar's blocking factor (20 records): the default, one 512-byte record, makes
        // Commons Compress pass every record down the stream chain separately
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed, TAR_BLOCK)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            byte[] buffer = new byte[COPY_BUFFER];
            addTree(tar, dir, dir.getFileName().toString(), buffer);
        }
        List<GzipMember> index = compressed.members();
        if (!index.isEmpty()) {
            try (OutputStream out = Files.newOutputStream(Path.of(archive + ".idx"))) {
                GzipMemberIndex.write(index, out);
            }
        }
    }

    private static void addTree(TarArchiveOutputStream tar, Path path, String name, byte[] buffer) throws IOException {
        // one lstat per entry, like tar; "unix:" attributes avoid a user-name lookup per file
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        TarArchiveEntry entry;
        if (type == 0040000) {
            entry = new TarArchiveEntry(name + "/");
        } else if (type == 0120000) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (type == 0100000) {
            entry = new TarArchiveEntry(name);
            entry.setSize((Long) a.get("size"));
        } else {
            return; // devices, sockets, fifos: not in volumes we back up
        }
        entry.setMode(mode);
        entry.setUserId((Integer) a.get("uid"));
        entry.setGroupId((Integer) a.get("gid"));
        entry.setModTime((FileTime) a.get("lastModifiedTime"));
        tar.putArchiveEntry(entry);
        if (type == 0100000) {
            try (InputStream in = Files.newInputStream(path)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    tar.write(buffer, 0, n);
                }
            }
        }
        tar.closeArchiveEntry();
        if (type == 0040000) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
                dir.forEach(children::add);
            }
            children.sort(null);
            for (Path child : children) {
                addTree(tar, child, name + "/" + child.getFileName(), buffer);
            }
        }
    }

    static void extract(ArchiveFormat format, Path archive, Path dest, int threads, boolean useIndex) throws IOException {
        Path idx = Path.of(archive + ".idx");
        List<GzipMember> index = List.of();
        if (useIndex && format == ArchiveFormat.TAR_GZ && Files.exists(idx)) {
            try (InputStream in = Files.newInputStream(idx)) {
                index = GzipMemberIndex.read(in);
            }
        }
        Files.createDirectories(dest);
        Path root = dest.toAbsolutePath().normalize();
        List<TarArchiveEntry> directories = new ArrayList<>();
        byte[] buffer = new byte[COPY_BUFFER];
        try (InputStream in = format.openInput(Files.newInputStream(archive), index, threads);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry escapes the destination: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    directories.add(e); // mtime after its contents are written, as tar does
                    continue;
                }
                if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    continue;
                }
                if (!e.isFile()) {
                    continue;
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = tar.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                    }
                }
                restoreMetadata(target, e);
            }
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            TarArchiveEntry d = directories.get(i);
            restoreMetadata(root.resolve(d.getName()).normalize(), d);
        }
    }

    private static void restoreMetadata(Path target, TarArchiveEntry e) throws IOException {
        Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
        Files.setAttribute(target, "unix:uid", (int) e.getLongUserId());
        Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId());
        Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedDate().toInstant()));
    }
}
