package io.backupd.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupNameTest {
    @Test
    void archiveAndSnapshotNamesAreBackupNames() {
        for (String name : List.of("hello-hello.web.web-1-var-lib-mysql-1700000000.tar.gz",
                "hello-hello.web.web-1-var-lib-mysql-snap-20251122T224012.345Z-9f3a01bc", "x".repeat(BackupName.MAX_LENGTH))) {
            assertThat(BackupName.check(name)).isEqualTo(name);
        }
    }

    @Test
    void namesThatCouldLeaveTheirFolderOrAreTooLongAreRefused() {
        char[] control = {'a', 0x7f, 'b'};
        for (String name : Arrays.asList(null, "", " ", "../x", "a/b", "..", "a\\b", "a\tb", "x..y.tar.gz", new String(control),
                "x".repeat(BackupName.MAX_LENGTH + 1))) {
            assertThatThrownBy(() -> BackupName.check(name)).as(String.valueOf(name))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void theMessageShowsControlCharactersAsQuestionMarksAndCutsLongNames() {
        assertThatThrownBy(() -> BackupName.check("a\nb")).hasMessageContaining("'a?b'");
        assertThatThrownBy(() -> BackupName.check("y".repeat(600))).hasMessageContaining("600 characters", "at most 512")
                .message().hasSizeLessThan(200);
    }
}
