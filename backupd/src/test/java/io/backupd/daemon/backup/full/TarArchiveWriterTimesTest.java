package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's tar writer keeps mtimes to the nanosecond, as GNU tar and our reader both read them. */
class TarArchiveWriterTimesTest {
    static final String LONG = "deep/" + "x".repeat(120) + "/données-ünïcode.json";

    @TempDir
    Path dir;
    Path volume;
    /** Entry name in the archive → the mtime it must carry. */
    final Map<String, Instant> times = new LinkedHashMap<>();

    @BeforeEach
    void volume() throws IOException {
        volume = Files.createDirectories(dir.resolve("volume"));
        file("a.txt", "2024-05-06T07:08:09.123456789Z");
        file("sub/b.bin", "2024-05-06T07:08:09.000000001Z");
        file("whole.txt", "2020-01-01T00:00:00Z");
        file(LONG, "2023-02-03T04:05:06.5Z");
        Path link = Files.createSymbolicLink(volume.resolve("link"), Path.of("a.txt"));
        setTime(link, "2022-01-01T00:00:00.25Z");
        times.put("./link", Instant.parse("2022-01-01T00:00:00.25Z"));
        // directories last, as writing into them moves their times
        dirTime("deep/" + "x".repeat(120), "2021-01-01T00:00:00.333333333Z");
        dirTime("deep", "2021-01-01T00:00:00.444444444Z");
        dirTime("sub", "2024-05-06T07:08:10.987654321Z");
    }

    void file(String name, String mtime) throws IOException {
        Path p = volume.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "content of " + name);
        setTime(p, mtime);
        times.put("./" + name, Instant.parse(mtime));
    }

    void dirTime(String name, String mtime) throws IOException {
        setTime(volume.resolve(name), mtime);
        times.put("./" + name + "/", Instant.parse(mtime));
    }

    static void setTime(Path p, String mtime) throws IOException {
        FileTime t = FileTime.from(Instant.parse(mtime));
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, t, null);
    }

    Path archive() throws IOException {
        Path archive = dir.resolve("backup.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive)) {
            new TarArchiveWriter(new GzipCompression()).write(volume, out, ArchiveProgress.NONE);
        }
        return archive;
    }

    @Test
    void ourReaderGetsEveryMtimeWithItsNanoseconds() throws IOException {
        Map<String, Instant> read = new LinkedHashMap<>();
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(archive()));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                read.put(e.getName(), e.getLastModifiedTime().toInstant());
            }
        }
        assertThat(read).containsAllEntriesOf(times);
    }

    @Test
    void gnuTarListsAndRestoresTheNanoseconds() throws Exception {
        Path archive = archive();

        String listing = new String(TestData.run(List.of("tar", "--full-time", "-tvzf", archive.toString()), null),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(listing).contains("2024-05-06 07:08:09.123456789 ./a.txt")
                .contains("2024-05-06 07:08:10.987654321 ./sub/")
                .contains("2024-05-06 07:08:09.000000001 ./sub/b.bin")
                .containsPattern("2023-02-03 04:05:06\\.5 +" + Pattern.quote("./" + LONG))
                .containsPattern("2022-01-01 00:00:00\\.25 +" + Pattern.quote("./link -> a.txt"));

        Path out = Files.createDirectories(dir.resolve("gnu"));
        TestData.run(List.of("tar", "-xzf", archive.toString(), "-C", out.toString()), null);
        for (Map.Entry<String, Instant> e : times.entrySet()) {
            Path p = out.resolve(e.getKey());
            assertThat(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(Files.readString(out.resolve(LONG))).isEqualTo("content of " + LONG);
    }
}
