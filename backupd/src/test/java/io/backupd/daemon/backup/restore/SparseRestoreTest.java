package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full restore keeps a sparse file sparse: its runs of zero blocks become holes again, as
 * {@code restic restore --sparse} does, instead of real blocks of zeros. The archive stores the
 * file at its whole length, as our own full backups (and GNU tar without {@code -S}) do.
 */
class SparseRestoreTest {
    private static final long LENGTH = 256L << 20;
    private static final long AT_MOST = 1L << 20;

    @Test
    void aSparseFileInAFullArchiveIsRestoredWithItsHoles(@TempDir Path tmp) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Sparse.create(source.resolve("db.sparse"), LENGTH);
        assertThat(Sparse.allocatedBytes(source.resolve("db.sparse"))).isLessThan(AT_MOST);
        Path archive = tmp.resolve("archive.tar.gz");
        Processes.ok(List.of("tar", "--format=posix", "-czf", archive.toString(), "-C", source.toString(), "."));
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));

        fx.restorer(CrashPoint.NONE).restore(new RestoreRequest(fx.volume, "r1", () -> Files.newInputStream(archive),
                GzipCompressorInputStream::new, RestoreFixture.sha256(Files.readAllBytes(archive))));

        Path restored = fx.volume.resolve("db.sparse");
        assertThat(Files.size(restored)).isEqualTo(LENGTH);
        Processes.ok(List.of("cmp", source.resolve("db.sparse").toString(), restored.toString()));
        assertThat(Sparse.allocatedBytes(restored)).isLessThan(AT_MOST);
    }
}
