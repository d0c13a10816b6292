package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of unsafe archives: every one is refused with INVALID_ARGUMENT before anything
 * outside the staging folder changes, the staging folder and journal are gone afterwards, and
 * the volume is identical (content, modes, owners, mtimes, inode) to before.
 */
class UnsafeArchiveTest {
    /** A name no test run can meet by accident; any file of this name outside the temp root is an escape. */
    private static final String CANARY = "backupd-canary-" + UUID.randomUUID();

    static Stream<Arguments> unsafeArchives() {
        String c = CANARY;
        return Stream.of(
                unsafe("'..' component", () -> tar().file("ok.txt", "fine").file("../" + c, "evil").build(), "'..' component"),
                unsafe("'..' after descending", () -> tar().dir("a").file("a/../../" + c, "evil").build(), "'..' component"),
                unsafe("absolute /etc/x", () -> tar().file("/etc/" + c, "evil").build(), "absolute"),
                unsafe("absolute ////x", () -> tar().file("////" + c, "evil").build(), "absolute"),
                unsafe("absolute via PAX path", () -> tar().pax("path", "///tmp/" + c).file("placeholder", "evil").build(), "absolute"),
                unsafe("absolute via GNU long name", () -> tar()
                        .meta(TarConstants.LF_GNUTYPE_LONGNAME, ("/tmp/" + c + "\0").getBytes(StandardCharsets.UTF_8))
                        .file("placeholder", "evil").build(), "absolute"),
                unsafe("symlink l -> /tmp, then l/x", () -> tar().symlink("l", "/tmp").file("l/" + c, "evil").build(), "goes through 'l'"),
                unsafe("symlink l -> .., then l/x", () -> tar().symlink("l", "..").file("l/" + c, "evil").build(), "goes through 'l'"),
                unsafe("dir d, symlink d -> /, then d/x", () -> tar().dir("d").symlink("d", "/").file("d/" + c, "evil").build(),
                        "replace a directory"),
                unsafe("symlink a/b, then symlink a (its parent)", () -> tar().symlink("a/b", "x").symlink("a", "/tmp").build(),
                        "replace a directory"),
                unsafe("entry replacing an earlier symlink", () -> tar().symlink("l", "/tmp").file("l", "evil").build(),
                        "a symlink at this path"),
                unsafe("hard link to /etc/passwd", () -> tar().hardLink("h", "/etc/passwd").build(), "absolute"),
                unsafe("hard link to ../x", () -> tar().hardLink("h", "../" + c).build(), "'..' component"),
                unsafe("hard link to a later entry", () -> tar().hardLink("h", "later").file("later", "x").build(),
                        "not a file extracted earlier"),
                unsafe("hard link to a name outside the archive", () -> tar().file("a", "x").hardLink("h", "missing").build(),
                        "not a file extracted earlier"),
                unsafe("hard link through a symlink", () -> tar().symlink("l", "/etc").hardLink("h", "l/passwd").build(),
                        "goes through 'l'"),
                unsafe("hard link to a directory", () -> tar().dir("d").hardLink("h", "d").build(), "not a file extracted earlier"),
                unsafe("character device", () -> tar().special("null", TarConstants.LF_CHR).build(), "character device"),
                unsafe("block device", () -> tar().special("sda", TarConstants.LF_BLK).build(), "block device"),
                unsafe("FIFO", () -> tar().special("fifo", TarConstants.LF_FIFO).build(), "FIFOs"),
                unsafe("unsupported type 'V'", () -> tar().special("label", (byte) 'V').build(), "unsupported entry type"),
                unsafe("name with NUL", () -> tar().pax("path", "a\0" + c).file("placeholder", "evil").build(), "NUL"),
                unsafe("5000-char path", () -> tar().file(("p".repeat(99) + "/").repeat(50) + "f", "x").build(), "bytes long"),
                unsafe("component over 255 bytes", () -> tar().file("c".repeat(300), "x").build(), "longer than 255"),
                unsafe("PAX size -1", () -> tar().pax("size", "-1").file("f", "x").build(), "negative"),
                unsafe("PAX size 99999999999999999999", () -> tar().pax("size", "99999999999999999999").file("f", "x").build(),
                        "99999999999999999999"),
                unsafe("PAX header over 1 MiB", () -> tar().pax("comment", "c".repeat(2 << 20)).file("f", "x").build(),
                        "larger than 1048576 bytes"),
                unsafe("chain of PAX headers", () -> {
                    TarBuilder t = tar();
                    for (int i = 0; i < 12; i++) {
                        t.pax("comment", "n" + i);
                    }
                    return t.file("f", "x").build();
                }, "metadata entries"),
                unsafe("negative uid", () -> tar().pax("uid", "-5").file("f", "x").build(), "uid -5"),
                unsafe("duplicate file", () -> tar().file("f", "one").file("f", "two").build(), "already created a file"),
                unsafe("file where a directory is", () -> tar().dir("d").file("d", "x").build(), "already created a directory"),
                unsafe("directory where a file is", () -> tar().file("f", "x").dir("f").build(), "not a directory"),
                unsafe("file below a file", () -> tar().file("f", "x").file("f/g", "y").build(), "not a directory"),
                unsafe("bad header checksum", UnsafeArchiveTest::badChecksum, "checksum"),
                unsafe("not a tar at all", () -> "this is not a tar archive, just text".repeat(40).getBytes(StandardCharsets.UTF_8),
                        "unreadable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeArchives")
    void refusesAndTouchesNothing(String label, Supplier<byte[]> archive, String why, @TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Map<String, String> volumeBefore = TreeSnapshot.of(fx.volume);
        Map<String, String> rootBefore = TreeSnapshot.of(fx.root, false);
        long inode = TreeSnapshot.inode(fx.volume);

        assertThatThrownBy(() -> fx.restore(fx.restorer(CrashPoint.NONE), archive.get(), "r1"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("archive entry ").contains(why);
                });

        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(volumeBefore);
        assertThat(TreeSnapshot.of(fx.root, false)).isEqualTo(rootBefore);
        assertThat(TreeSnapshot.inode(fx.volume)).isEqualTo(inode);
        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void refusesTooManyEntries(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Map<String, String> before = TreeSnapshot.of(fx.volume);
        TarBuilder t = tar();
        for (int i = 0; i < 6; i++) {
            t.file("f" + i, "x");
        }
        Restorer restorer = fx.restorer(CrashPoint.NONE, ExtractLimits.defaults().withMaxEntries(5));

        assertThatThrownBy(() -> fx.restore(restorer, t.build(), "r1"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("archive entry 'f5': the archive has more than 5 entries");
                });
        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(before);
        assertThat(fx.debrisBesideVolume()).isEmpty();
    }

    @Test
    void refusesMoreFileBytesThanAllowed(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Restorer restorer = fx.restorer(CrashPoint.NONE, ExtractLimits.defaults().withMaxTotalBytes(10));

        assertThatThrownBy(() -> fx.restore(restorer, tar().file("a", "123456").file("b", "123456").build(), "r1"))
                .isInstanceOfSatisfying(BackupException.class, e ->
                        assertThat(e.getMessage()).isEqualTo("archive entry 'b': the archive holds more than 10 bytes of files"));
        assertThat(fx.debrisBesideVolume()).isEmpty();
    }

    @Test
    void stripsSetuidSetgidAndStickyBitsAndSaysSo(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);
        byte[] archive = tar()
                .file("suid", "#!/bin/sh\n", 04755)
                .file("sgid", "x", 02750)
                .dir("sticky", 01777)
                .build();

        Map<String, Object> result = fx.restore(fx.restorer(CrashPoint.NONE), archive, "r1");

        assertThat(mode(fx.volume.resolve("suid"))).isEqualTo(0755);
        assertThat(mode(fx.volume.resolve("sgid"))).isEqualTo(0750);
        assertThat(mode(fx.volume.resolve("sticky"))).isEqualTo(0777);
        assertThat(result.get("notes")).asList().containsExactly(
                "'suid': setuid bit stripped (mode 4755 restored as 0755)",
                "'sgid': setgid bit stripped (mode 2750 restored as 0750)",
                "'sticky/': sticky bit stripped (mode 1777 restored as 0777)");
    }

    @AfterAll
    static void nothingEscapedTheTempRoot() {
        for (Path outside : new Path[] {Path.of("/" + CANARY), Path.of("/etc/" + CANARY), Path.of("/tmp/" + CANARY)}) {
            assertThat(Files.exists(outside, LinkOption.NOFOLLOW_LINKS)).as(outside.toString()).isFalse();
        }
    }

    private static int mode(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static byte[] badChecksum() {
        byte[] archive = tar().file("a", "x").file("b", "y").build();
        archive[1024 + 1] ^= 0x01; // second header (after 512 header + 512 data), in its name field
        return archive;
    }

    private static TarBuilder tar() {
        return new TarBuilder();
    }

    private static Arguments unsafe(String label, Supplier<byte[]> archive, String why) {
        return Arguments.of(label, archive, why);
    }
}
