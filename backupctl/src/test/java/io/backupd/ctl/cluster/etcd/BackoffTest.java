package io.backupd.ctl.cluster.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterAReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(backoff.next()).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(320), Duration.ofMillis(400));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(640), Duration.ofMillis(800));
        for (int i = 0; i < 20; i++) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(800), Duration.ofMillis(1000));
        }

        backoff.reset();
        assertThat(backoff.next()).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
    }
}
