package io.backupd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger tries = new AtomicInteger();

        Await.until("the third try", Duration.ofSeconds(5), () -> tries.incrementAndGet() == 3);

        assertThat(tries).hasValue(3);
    }

    @Test
    void failsNamingWhatItWaitedForAfterTheDeadline() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> Await.until("a condition that never holds", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT0.05S waiting for a condition that never holds");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aConditionThatThrowsEndsTheWait() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> Await.until("x", Duration.ofSeconds(5), (BooleanSupplier) () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aProbeIsAskedAgainAfterAnExceptionAndItsValueReturned() {
        AtomicInteger tries = new AtomicInteger();

        String value = Await.until("a process to listen", Duration.ofSeconds(5), () -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused");
            }
            return Optional.of("up");
        });

        assertThat(value).isEqualTo("up");
        assertThat(tries).hasValue(3);
    }

    @Test
    void aProbeThatNeverAnswersTimesOutWithItsLastException() {
        assertThatThrownBy(() -> Await.until("a process to listen", Duration.ofMillis(50), (Supplier<Optional<String>>) () -> {
            throw new IllegalStateException("connection refused");
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for a process to listen")
                .hasRootCauseMessage("connection refused");
    }
}
