package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.full.ArchiveProgress;
import io.backupd.daemon.backup.full.TarArchiveWriter;
import io.backupd.daemon.backup.full.ZstdArchiveStream;
import io.backupd.daemon.backup.full.ZstdCompression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full backup (the daemon's own tar writer) restored by the daemon keeps every mtime to the nanosecond. */
class FullArchiveTimesTest {

    static void setTime(Path p, String mtime) throws IOException {
        FileTime t = FileTime.from(Instant.parse(mtime));
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, t, null);
    }

    /** Every path below {@code root} → its mtime, symlinks' own. */
    static Map<String, Instant> times(Path root) throws IOException {
        Map<String, Instant> times = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.equals(root)) {
                    times.put(root.relativize(p).toString(),
                            Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant());
                }
            }
        }
        return times;
    }

    @Test
    void aNanosecondMtimeRoundTripsThroughAFullBackupAndRestore(@TempDir Path tmp) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Files.createDirectories(source.resolve("dir/inner"));
        Files.writeString(source.resolve("dir/inner/file.txt"), "nanoseconds matter");
        Files.writeString(source.resolve("top.txt"), "top");
        Files.createSymbolicLink(source.resolve("dir/link"), Path.of("inner/file.txt"));
        setTime(source.resolve("dir/inner/file.txt"), "2024-05-06T07:08:09.123456789Z");
        setTime(source.resolve("top.txt"), "2024-05-06T07:08:09.000000007Z");
        setTime(source.resolve("dir/link"), "2023-01-01T00:00:00.5Z");
        setTime(source.resolve("dir/inner"), "2022-02-02T02:02:02.222222222Z");
        setTime(source.resolve("dir"), "2021-01-01T01:01:01.111111111Z");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        new TarArchiveWriter(new ZstdCompression()).write(source, archive, ArchiveProgress.NONE);
        byte[] bytes = archive.toByteArray();
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));

        fx.restorer(CrashPoint.NONE).restore(new RestoreRequest(fx.volume, "r1",
                () -> new java.io.ByteArrayInputStream(bytes), ZstdArchiveStream::input, RestoreFixture.sha256(bytes)));

        assertThat(times(fx.volume)).isEqualTo(times(source))
                .containsEntry("dir/inner/file.txt", Instant.parse("2024-05-06T07:08:09.123456789Z"))
                .containsEntry("dir", Instant.parse("2021-01-01T01:01:01.111111111Z"));
    }
}
