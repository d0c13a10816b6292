package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own pax records, read back by Commons Compress and by GNU tar. */
class PaxHeaderTest {
    @TempDir
    Path dir;

    /** One symlink entry with the given values, through the writer's own tar stream. */
    byte[] tarOf(String name, String link, long uid, Instant mtime) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = TarArchiveWriter.tarStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(PaxHeader.ustarName(name), TarConstants.LF_SYMLINK);
            e.setLinkName(PaxHeader.ustarName(link));
            e.setUserId(uid);
            e.setGroupId(uid);
            e.setModTime(PaxHeader.ustarTime(FileTime.from(mtime)));
            PaxHeader.of(name, link, 0, uid, uid, FileTime.from(mtime)).writeTo(tar, name);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static TarArchiveEntry onlyEntry(byte[] tar) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(in.getNextEntry()).isNull();
            return e;
        }
    }

    @Test
    void longLinkTargetsLargeIdsAndTimesBefore1970() throws Exception {
        String name = "./ünï/" + "n".repeat(150);
        String link = "../" + "t".repeat(200);
        Instant before1970 = Instant.parse("1969-12-31T23:59:58.75Z");

        byte[] tar = tarOf(name, link, 3_000_000, before1970);

        TarArchiveEntry e = onlyEntry(tar);
        assertThat(e.getName()).isEqualTo(name);
        assertThat(e.getLinkName()).isEqualTo(link);
        assertThat(e.getLongUserId()).isEqualTo(3_000_000);
        assertThat(e.getLongGroupId()).isEqualTo(3_000_000);
        assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(before1970);
        Path file = Files.write(dir.resolve("t.tar"), tar);
        String listing = new String(TestData.run(List.of("tar", "--full-time", "--numeric-owner", "-tvf", file.toString()), null),
                StandardCharsets.UTF_8);
        assertThat(listing).contains("3000000/3000000").contains(name + " -> " + link);
        // GNU tar's listing shows times before 1970 a second off (its own archives too); extracting gets them right
        Path out = Files.createDirectories(dir.resolve("out"));
        TestData.run(List.of("tar", "-xf", file.toString(), "-C", out.toString()), null);
        assertThat(Files.getLastModifiedTime(out.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant())
                .isEqualTo(before1970);
    }

    @Test
    void aRecordWhoseLengthGainsADigitCountsIt() throws IOException {
        // " path=" + value + "\n" is 98 bytes with a 91-character name: 98 + 2 digits = 100 needs 3 digits, so 101
        String name = "./" + "p".repeat(89) + "é";
        assertThat(onlyEntry(tarOf(name, "x", 0, Instant.EPOCH)).getName()).isEqualTo(name);
        String plain = "./" + "q".repeat(89);
        assertThat(onlyEntry(tarOf(plain, "x", 0, Instant.EPOCH)).getName()).isEqualTo(plain);
    }

    @Test
    void decimalSecondsKeepNineDigitsAndDropTrailingZeros() {
        assertThat(PaxHeader.decimalSeconds(Instant.parse("2024-01-02T03:04:05.123456789Z"))).isEqualTo("1704164645.123456789");
        assertThat(PaxHeader.decimalSeconds(Instant.parse("2024-01-02T03:04:05.120Z"))).isEqualTo("1704164645.12");
        assertThat(PaxHeader.decimalSeconds(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("1704164645");
        assertThat(PaxHeader.decimalSeconds(Instant.parse("1969-12-31T23:59:59.5Z"))).isEqualTo("-0.5");
    }

    @Test
    void aLongDirectoryNameKeepsItsSlashInTheStandIn() {
        String stand = PaxHeader.ustarName("./" + "d".repeat(200) + "/");
        assertThat(stand).hasSize(PaxHeader.USTAR_NAME).endsWith("d/");
        assertThat(PaxHeader.ustarName("./short/")).isEqualTo("./short/");
    }

    @Test
    void aFileBeyondTheOctalSizeFieldKeepsItsSizeForGnuTar() throws Exception {
        long size = 9L << 30; // 9 GiB: more than the 11 octal digits of ustar hold
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        TarArchiveOutputStream tar = TarArchiveWriter.tarStream(bytes);
        TarArchiveEntry e = new TarArchiveEntry("./db.bin", TarConstants.LF_NORMAL);
        e.setSize(size);
        e.setModTime(PaxHeader.ustarTime(FileTime.from(Instant.parse("2024-01-01T00:00:00.5Z"))));
        PaxHeader.of("./db.bin", null, size, 0, 0, FileTime.from(Instant.parse("2024-01-01T00:00:00.5Z"))).writeTo(tar, "./db.bin");
        tar.putArchiveEntry(e);
        tar.write(new byte[10240]);
        tar.flush(); // never closed: only the headers and the start of the content, enough for a listing

        Path file = Files.write(dir.resolve("big.tar"), bytes.toByteArray());
        Process list = new ProcessBuilder("tar", "--full-time", "-tvf", file.toString()).redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains(" " + size + " 2024-01-01 00:00:00.5 ./db.bin"); // then it finds the archive cut short
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.getNextEntry().getSize()).isEqualTo(size);
        }
    }
}
