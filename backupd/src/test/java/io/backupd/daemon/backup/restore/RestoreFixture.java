package io.backupd.daemon.backup.restore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A host layout for restore tests under one temp root:
 * {@code <root>/volumes/app/app.web.web/0/data} (the volume, with "old" content) and
 * {@code <root>/journal}. Everything a restore may touch is under the root, so a snapshot of the
 * root before and after shows any stray write.
 */
final class RestoreFixture {
    final Path root;
    final Path volume;
    final Path journalDir;

    RestoreFixture(Path root) {
        this.root = root;
        this.volume = root.resolve("volumes/app/app.web.web/0/data");
        this.journalDir = root.resolve("journal");
        try {
            Files.createDirectories(volume);
            Files.createDirectories(journalDir);
            writeOldContent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeOldContent() throws IOException {
        write("old.txt", "old content\n", "rw-r--r--");
        write("shared/inner.txt", "old inner\n", "rw-------");
        write("bin/tool", "#!/bin/sh\necho old\n", "rwxr-xr-x");
        Files.createDirectories(volume.resolve("empty"));
        Files.createSymbolicLink(volume.resolve("link"), Path.of("old.txt"));
        // fixed times, so that snapshots of two fixtures made seconds apart compare equal
        for (String dir : List.of("shared", "bin", "empty")) {
            Files.setLastModifiedTime(volume.resolve(dir), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        }
    }

    private void write(String name, String content, String perms) throws IOException {
        Path file = volume.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
    }

    /** The archive the crash tests restore: overlaps the old content in "shared", adds new names. */
    static byte[] newContentArchive() {
        return new TarBuilder()
                .dir("shared", 0750)
                .file("shared/inner.txt", "new inner\n", 0640)
                .file("shared/more.txt", "more\n")
                .file("a-new.txt", "new content\n")
                .dir("z-dir", 0755)
                .dir("z-dir/nested", 0700)
                .file("z-dir/nested/deep.bin", "deep\n", 0755)
                .symlink("z-link", "shared/inner.txt")
                .hardLink("shared/hard", "shared/more.txt")
                .build();
    }

    VolumeSwap swap(CrashPoint crash) {
        return new VolumeSwap(journalDir, crash);
    }

    Restorer restorer(CrashPoint crash) {
        return restorer(crash, ExtractLimits.defaults());
    }

    Restorer restorer(CrashPoint crash, ExtractLimits limits) {
        return new Restorer(swap(crash), limits, crash);
    }

    Map<String, Object> restore(Restorer restorer, byte[] tar, String rid) {
        return restorer.restore(request(tar, rid));
    }

    RestoreRequest request(byte[] tar, String rid) {
        return new RestoreRequest(volume, rid, () -> new ByteArrayInputStream(tar), Decompressor.NONE, sha256(tar));
    }

    static String sha256(byte[] bytes) {
        try {
            return ArchiveDigest.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names beside the volume other than the volume itself: staging and old folders left behind. */
    List<String> debrisBesideVolume() {
        try (var stream = Files.list(volume.getParent())) {
            return stream.map(p -> p.getFileName().toString()).filter(n -> !n.equals("data")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> journalFiles() {
        try (var stream = Files.list(journalDir)) {
            return stream.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
