package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BackupSlotsTest {
    static final BooleanSupplier NEVER = () -> false;

    /** Polls until {@code condition} holds; fails after 10 s. */
    static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition within 10 s").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    void aBackupBeyondTheLimitWaitsForAFreeSlotAndThenRuns() throws Exception {
        BackupSlots slots = new BackupSlots(1, Duration.ofSeconds(30));
        BackupSlots.Held first = slots.acquire("r1", NEVER);
        CompletableFuture<BackupSlots.Held> second = CompletableFuture.supplyAsync(() -> slots.acquire("r2", NEVER));

        await(() -> slots.waiting() == 1);
        assertThat(second).isNotDone();
        assertThat(slots.running()).containsExactly("r1");

        first.close();
        BackupSlots.Held held = second.get(10, TimeUnit.SECONDS);
        assertThat(slots.running()).containsExactly("r2");
        held.close();
        assertThat(slots.running()).isEmpty();
    }

    @Test
    void aBackupThatWaitsTooLongFailsNamingTheRunsThatHoldTheSlots() {
        BackupSlots slots = new BackupSlots(1, Duration.ofMillis(150));
        slots.acquire("r1", NEVER);
        assertThatThrownBy(() -> slots.acquire("r2", NEVER)).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("--max-backups", "at most 1", "[r1]", "no backup was taken");
        });
    }

    @Test
    void aCancelledRunStopsWaiting() {
        BackupSlots slots = new BackupSlots(1, Duration.ofHours(1));
        slots.acquire("r1", NEVER);
        assertThatThrownBy(() -> slots.acquire("r2", () -> true)).isInstanceOf(CancellationException.class);
        assertThat(slots.running()).containsExactly("r1");
    }

    @Test
    void closingTwiceFreesOneSlotOnly() {
        BackupSlots slots = new BackupSlots(1, Duration.ofMillis(100));
        BackupSlots.Held held = slots.acquire("r1", NEVER);
        held.close();
        held.close();
        slots.acquire("r2", NEVER);
        assertThatThrownBy(() -> slots.acquire("r3", NEVER)).isInstanceOf(BackupException.class);
    }
}
