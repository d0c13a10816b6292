package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void aWaitingClaimGetsTheVolumeWhenItIsReleasedAndSaysHowLongAndBehindWhom() throws Exception {
        VolumeLocks.Held first = locks.acquire(Path.of("/v/a"), "r1");
        CompletableFuture<VolumeLocks.Held> second = CompletableFuture.supplyAsync(
                () -> locks.await(Path.of("/v/a"), "r2", BackupSlotsTest.NEVER));

        BackupSlotsTest.await(() -> locks.waiting() == 1);
        assertThat(second).isNotDone();
        first.close();

        try (VolumeLocks.Held held = second.get(10, TimeUnit.SECONDS)) {
            assertThat(locks.held()).containsValue("r2").hasSize(1);
            assertThat(held.waited()).isPositive();
            assertThat(held.behind()).contains("r1");
        }
        assertThat(locks.held()).isEmpty();
        assertThat(locks.waiting()).isZero();
    }

    @Test
    void aFreeVolumeIsTakenWithoutWaiting() {
        try (VolumeLocks.Held held = locks.await(Path.of("/v/a"), "r1", BackupSlotsTest.NEVER)) {
            assertThat(held.waited()).isZero();
            assertThat(held.behind()).isEmpty();
        }
    }

    @Test
    void waitersGetTheVolumeInTheOrderTheyCameAndAnImmediateClaimDoesNotJumpTheQueue() throws Exception {
        VolumeLocks.Held first = locks.acquire(Path.of("/v/a"), "r1");
        CompletableFuture<VolumeLocks.Held> second = CompletableFuture.supplyAsync(
                () -> locks.await(Path.of("/v/a"), "r2", BackupSlotsTest.NEVER));
        BackupSlotsTest.await(() -> locks.waiting() == 1);
        CompletableFuture<VolumeLocks.Held> third = CompletableFuture.supplyAsync(
                () -> locks.await(Path.of("/v/a"), "r3", BackupSlotsTest.NEVER));
        BackupSlotsTest.await(() -> locks.waiting() == 2);

        first.close();
        VolumeLocks.Held two = second.get(10, TimeUnit.SECONDS);
        assertThat(locks.held()).containsValue("r2");
        assertThat(third).isNotDone();
        assertThatThrownBy(() -> locks.acquire(Path.of("/v/a"), "explicit"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BUSY));

        two.close();
        try (VolumeLocks.Held three = third.get(10, TimeUnit.SECONDS)) {
            assertThat(locks.held()).containsValue("r3");
            assertThat(three.behind()).contains("r1");
        }
    }

    @Test
    void aWaitThatRunsOutIsVolumeBusyNamingTheHolderAndLeavesTheQueue() {
        VolumeLocks shortWait = new VolumeLocks(Duration.ofMillis(150));
        try (VolumeLocks.Held held = shortWait.acquire(Path.of("/v/a"), "r1")) {
            assertThatThrownBy(() -> shortWait.await(Path.of("/v/a"), "r2", BackupSlotsTest.NEVER))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BUSY);
                        assertThat(e.getMessage()).contains("r1", "waited");
                    });
            assertThat(shortWait.waiting()).isZero();
        }
        try (VolumeLocks.Held again = shortWait.acquire(Path.of("/v/a"), "r3")) {
            assertThat(shortWait.held()).containsValue("r3");
        }
    }

    @Test
    void aCancelledWaiterStopsWaitingAndIsNotHandedTheVolume() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        VolumeLocks.Held first = locks.acquire(Path.of("/v/a"), "r1");
        CompletableFuture<VolumeLocks.Held> second = CompletableFuture.supplyAsync(
                () -> locks.await(Path.of("/v/a"), "r2", cancelled::get));
        BackupSlotsTest.await(() -> locks.waiting() == 1);

        cancelled.set(true);
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThat(locks.waiting()).isZero();
        first.close();
        assertThat(locks.held()).isEmpty();
    }
}
