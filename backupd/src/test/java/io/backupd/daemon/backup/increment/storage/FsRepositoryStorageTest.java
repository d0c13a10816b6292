package io.backupd.daemon.backup.increment.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsRepositoryStorageTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putOpenSizeListDelete() throws IOException {
        FsRepositoryStorage s = new FsRepositoryStorage(tmp);
        s.put("packs/ab/abc", bytes("0123456789"));
        s.put("packs/cd/cde", bytes("x"));
        s.put("index/one", bytes("i"));

        assertThat(s.size("packs/ab/abc")).contains(10L);
        assertThat(s.size("packs/none")).isEmpty();
        assertThat(s.list("packs/")).containsExactly("packs/ab/abc", "packs/cd/cde");
        assertThat(s.list("")).containsExactly("index/one", "packs/ab/abc", "packs/cd/cde");
        assertThat(s.list("nothing/")).isEmpty();
        try (InputStream in = s.open("packs/ab/abc", 3, 4)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("3456"));
        }
        try (InputStream in = s.open("packs/ab/abc", 8, 100)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("89"));
        }
        s.put("packs/ab/abc", bytes("replaced"));
        try (InputStream in = s.open("packs/ab/abc")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("replaced"));
        }
        assertThat(s.delete("packs/ab/abc")).isTrue();
        assertThat(s.delete("packs/ab/abc")).isFalse();
        assertThatThrownBy(() -> s.open("packs/ab/abc")).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aFailedPutLeavesNothingVisible() {
        FsRepositoryStorage s = new FsRepositoryStorage(tmp);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (++n > 5) {
                    throw new IOException("disk on fire");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> s.put("snapshots/a.json", failing, 100)).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.STORAGE_FAILED);
        assertThatThrownBy(() -> s.put("snapshots/b.json", new ByteArrayInputStream(bytes("short")), 100))
                .isInstanceOf(BackupException.class);
        assertThat(s.list("")).isEmpty();
        assertThat(s.size("snapshots/a.json")).isEmpty();
    }

    @Test
    void keysThatCouldEscapeAreRefused() throws IOException {
        FsRepositoryStorage s = new FsRepositoryStorage(tmp.resolve("repo"));
        for (String bad : new String[] {"../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "", ".tmp/x"}) {
            assertThatThrownBy(() -> s.put(bad, bytes("x"))).as(bad).isInstanceOf(BackupException.class)
                    .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }
}
