package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VolumeLocksTest {
    private final VolumeLocks locks = new VolumeLocks();

    @Test
    void aSecondClaimOnTheSameVolumeIsBusyAndNamesTheHolder() {
        try (VolumeLocks.Held held = locks.acquire(Path.of("/v/a/data"), "rid-1")) {
            assertThatThrownBy(() -> locks.acquire(Path.of("/v/a/./data"), "rid-2"))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BUSY);
                        assertThat(e.code().httpStatus()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("rid-1");
                    });
            assertThat(locks.held()).containsValue("rid-1");
        }
        try (VolumeLocks.Held again = locks.acquire(Path.of("/v/a/data"), "rid-3")) {
            assertThat(locks.held()).containsValue("rid-3");
        }
        assertThat(locks.held()).isEmpty();
    }

    @Test
    void differentVolumesDoNotBlockEachOther() {
        try (VolumeLocks.Held a = locks.acquire(Path.of("/v/a"), "r1");
             VolumeLocks.Held b = locks.acquire(Path.of("/v/b"), "r2")) {
            assertThat(locks.held()).hasSize(2);
        }
    }
}
