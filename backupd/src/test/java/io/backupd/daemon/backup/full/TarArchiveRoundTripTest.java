package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon will do: PAX tar through our streams, read back by GNU tar and by us. */
class TarArchiveRoundTripTest {

    @TempDir
    Path dir;
    Path volume;

    @BeforeEach
    void volume() throws IOException {
        volume = dir.resolve("volume");
        write("logs/app.log", TestData.text(700_000, 70));
        write("db/main.db", TestData.mixed(900_000, 71));
        write("blobs/random.bin", TestData.random(300_000, 72));
        write("empty", new byte[0]);
        // longer than ustar's 100-byte name field, and not ASCII: needs PAX headers
        write("deep/" + "x".repeat(120) + "/données-ünïcode.json", TestData.text(5_000, 73));
    }

    void write(String name, byte[] data) throws IOException {
        Path p = volume.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    List<GzipMember> tar(Path archive, IndexedOutputStream compressor) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressor)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Map.Entry<String, Path> f : files(volume).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getValue(), f.getKey());
                tar.putArchiveEntry(entry);
                Files.copy(f.getValue(), tar);
                tar.closeArchiveEntry();
            }
        }
        return compressor.members();
    }

    static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.put(root.relativize(p).toString(), p));
        }
        return files;
    }

    void assertSameFiles(Path extracted) throws IOException {
        Map<String, Path> expected = files(volume);
        Map<String, Path> actual = files(extracted);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(Files.readAllBytes(actual.get(name))).as(name).isEqualTo(Files.readAllBytes(expected.get(name)));
        }
    }

    interface Decompressor {
        InputStream open(InputStream compressed) throws IOException;
    }

    void assertWeReadItBack(Path archive, Decompressor decompressor) throws IOException {
        Map<String, Path> expected = files(volume);
        int seen = 0;
        try (InputStream in = decompressor.open(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                assertThat(tar.readAllBytes()).as(e.getName()).isEqualTo(Files.readAllBytes(expected.get(e.getName())));
                seen++;
            }
        }
        assertThat(seen).isEqualTo(expected.size());
    }

    @Test
    void gnuTarExtractsOurTarGz() throws Exception {
        Path archive = dir.resolve("backup.tar.gz");
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive));
        // small blocks: the archive spans dozens of members, some stored, some Huffman-only
        List<GzipMember> index = tar(archive, new ParallelGzipOutputStream(file, 2, 32 * 1024, 6));
        assertThat(index).hasSizeGreaterThan(50);

        Path out = Files.createDirectories(dir.resolve("gnu"));
        TestData.run(List.of("tar", "-xzf", archive.toString(), "-C", out.toString()), null);
        assertSameFiles(out);
        assertWeReadItBack(archive, in -> new ParallelGzipInputStream(in, index, 2));
        assertWeReadItBack(archive, in -> new ParallelGzipInputStream(in, List.of(), 2));
    }

    @Test
    void gnuTarExtractsOurTarZst() throws Exception {
        Path archive = dir.resolve("backup.tar.zst");
        // small frames: the archive is dozens of zstd frames in a row
        List<GzipMember> index = tar(archive, new ZstdFrameOutputStream(Files.newOutputStream(archive), 2, 32 * 1024, 3));
        assertThat(index).isEmpty();

        Path out = Files.createDirectories(dir.resolve("gnu"));
        TestData.run(List.of("tar", "--zstd", "-xf", archive.toString(), "-C", out.toString()), null);
        assertSameFiles(out);
        assertWeReadItBack(archive, ZstdArchiveStream::input);
    }
}
