package io.backupd.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheInitialDelayUpToTheCapWithJitterInTheUpperHalf() {
        Backoff backoff = Backoff.DEFAULT;
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delayAfter(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(backoff.delayAfter(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(backoff.delayAfter(7)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
            assertThat(backoff.delayAfter(1000)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
    }

    @Test
    void theJitterSpreadsRetries() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Backoff.DEFAULT.delayAfter(5)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }
}
