package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe archives the deferral rules must still restore correctly. */
class ExtractorTest {
    private final SafeExtractor extractor = new SafeExtractor(ExtractLimits.defaults());

    @Test
    void aSymlinkBeforeItsTargetIsCreatedLastAndNeverFollowed(@TempDir Path tmp) throws Exception {
        byte[] tar = new TarBuilder()
                .symlink("current", "releases/v2")
                .dir("releases")
                .file("releases/v2/app.jar", "jar")
                .build();

        ExtractSummary summary = extractor.extract(new ByteArrayInputStream(tar), tmp.resolve("s"), tmp);

        assertThat(Files.readSymbolicLink(tmp.resolve("s/current"))).isEqualTo(Path.of("releases/v2"));
        assertThat(Files.readString(tmp.resolve("s/current/app.jar"))).isEqualTo("jar");
        assertThat(Files.getLastModifiedTime(tmp.resolve("s/current"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(TarBuilder.MTIME);
        assertThat(summary.symlinks()).isEqualTo(1);
    }

    @Test
    void aReadOnlyDirectoryIsFilledFirstAndGetsItsModeAndTimeAfterItsContent(@TempDir Path tmp) throws Exception {
        byte[] tar = new TarBuilder()
                .dir("ro", 0555)
                .file("ro/a", "a", 0444)
                .dir("ro/sub", 0500)
                .file("ro/sub/b", "b")
                .build();

        extractor.extract(new ByteArrayInputStream(tar), tmp.resolve("s"), tmp);

        assertThat(mode(tmp.resolve("s/ro"))).isEqualTo(0555);
        assertThat(mode(tmp.resolve("s/ro/sub"))).isEqualTo(0500);
        assertThat(mode(tmp.resolve("s/ro/a"))).isEqualTo(0444);
        assertThat(Files.getLastModifiedTime(tmp.resolve("s/ro"))).isEqualTo(TarBuilder.MTIME);
        assertThat(Files.getLastModifiedTime(tmp.resolve("s/ro/sub"))).isEqualTo(TarBuilder.MTIME);
    }

    @Test
    void keepsNumericOwnersWhenRunningAsRoot(@TempDir Path tmp) throws Exception {
        TarArchiveEntry file = new TarArchiveEntry("owned", true);
        file.setUserId(1234);
        file.setGroupId(4321);
        file.setUserName("nobody-here");
        TarArchiveEntry link = new TarArchiveEntry("owned-link", TarConstants.LF_SYMLINK, true);
        link.setLinkName("owned");
        link.setUserId(2345);
        link.setGroupId(5432);
        byte[] tar = new TarBuilder().entry(file, "x".getBytes()).entry(link, new byte[0]).build();

        extractor.extract(new ByteArrayInputStream(tar), tmp.resolve("s"), tmp);

        boolean root = (Integer) Files.getAttribute(tmp, "unix:uid") == 0;
        assertThat(Files.getAttribute(tmp.resolve("s/owned"), "unix:uid")).isEqualTo(root ? 1234 : Files.getAttribute(tmp, "unix:uid"));
        assertThat(Files.getAttribute(tmp.resolve("s/owned"), "unix:gid")).isEqualTo(root ? 4321 : Files.getAttribute(tmp, "unix:gid"));
        if (root) {
            assertThat(Files.getAttribute(tmp.resolve("s/owned-link"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(2345);
        }
    }

    @Test
    void skipsTheRootEntryAndDotComponents(@TempDir Path tmp) throws Exception {
        byte[] tar = new TarBuilder().dir("./", 0700).file("./a//b/./c", "c").build();

        ExtractSummary summary = extractor.extract(new ByteArrayInputStream(tar), tmp.resolve("s"), tmp);

        assertThat(Files.readString(tmp.resolve("s/a/b/c"))).isEqualTo("c");
        assertThat(mode(tmp.resolve("s/a"))).isEqualTo(0755);
        assertThat(summary.dirs()).isZero();
    }

    @Test
    void anEmptyArchiveGivesAnEmptyStagingFolder(@TempDir Path tmp) throws Exception {
        ExtractSummary summary = extractor.extract(new ByteArrayInputStream(new TarBuilder().build()), tmp.resolve("s"), tmp);

        assertThat(summary.files()).isZero();
        try (var list = Files.list(tmp.resolve("s"))) {
            assertThat(list).isEmpty();
        }
    }

    private static int mode(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
