package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's SHA-256 is checked before anything is written, and again over the bytes extracted. */
class DigestCheckTest {
    private static final byte[] ARCHIVE = RestoreFixture.newContentArchive();

    @Test
    void aDigestMismatchFailsWithBothDigestsAndTouchesNothing(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Map<String, String> rootBefore = TreeSnapshot.of(fx.root);
        String wrong = "0".repeat(64);
        String actual = RestoreFixture.sha256(ARCHIVE);
        RestoreRequest request = new RestoreRequest(fx.volume, "r1", () -> new ByteArrayInputStream(ARCHIVE), Decompressor.NONE, wrong);

        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(request))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED);
                    assertThat(e.getMessage()).isEqualTo("archive digest mismatch: expected sha256 " + wrong + ", actual " + actual
                            + "; nothing was restored");
                    assertThat(e.details()).containsEntry("expected", wrong).containsEntry("actual", actual);
                });
        // with mtimes: not even the journal folder was written
        assertThat(TreeSnapshot.of(fx.root)).isEqualTo(rootBefore);
    }

    @Test
    void anArchiveChangedAfterVerificationIsCaughtBeforeTheSwap(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Map<String, String> volumeBefore = TreeSnapshot.of(fx.volume);
        byte[] other = new TarBuilder().file("evil.txt", "swapped in storage").build();
        AtomicInteger opens = new AtomicInteger();
        RestoreRequest request = new RestoreRequest(fx.volume, "r1",
                () -> new ByteArrayInputStream(opens.getAndIncrement() == 0 ? ARCHIVE : other),
                Decompressor.NONE, RestoreFixture.sha256(ARCHIVE));

        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(request))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED);
                    assertThat(e.getMessage()).startsWith("the archive changed between verification and extraction");
                });
        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(volumeBefore);
        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void aStorageReadFailureDuringExtractionIsStorageFailed(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        Map<String, String> volumeBefore = TreeSnapshot.of(fx.volume);
        AtomicInteger opens = new AtomicInteger();
        RestoreRequest request = new RestoreRequest(fx.volume, "r1", () -> opens.getAndIncrement() == 0
                ? new ByteArrayInputStream(ARCHIVE) : failingAfter(new ByteArrayInputStream(ARCHIVE), 1500),
                Decompressor.NONE, RestoreFixture.sha256(ARCHIVE));

        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(request))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED);
                    assertThat(e.getMessage()).contains("cannot read the archive from storage").contains("connection reset");
                });
        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(volumeBefore);
        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void refusesAMalformedDigestOrRidBeforeReadingAnything(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        ArchiveSource unreadable = () -> {
            throw new AssertionError("must not be opened");
        };

        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(
                new RestoreRequest(fx.volume, "r1", unreadable, Decompressor.NONE, "abc")))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(
                new RestoreRequest(fx.volume, "../r1", unreadable, Decompressor.NONE, "0".repeat(64))))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> fx.restorer(CrashPoint.NONE).restore(
                new RestoreRequest(fx.volume.resolveSibling("missing"), "r1", unreadable, Decompressor.NONE, "0".repeat(64))))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    private static InputStream failingAfter(InputStream in, int bytes) {
        return new FilterInputStream(in) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= bytes) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, bytes - read));
                read += Math.max(n, 0);
                return n;
            }
        };
    }
}
