package io.backupd.ctl.cluster.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final Watchdog watchdog = new Watchdog();

    @Test
    void aWatchThatKeepsUpIsNeverStuck() {
        assertThat(watchdog.stuck(10, 10)).isFalse();
        assertThat(watchdog.stuck(12, 12)).isFalse();
        assertThat(watchdog.stuck(12, 12)).isFalse();
    }

    @Test
    void eventsInFlightGetOnePeriodOfSlack() {
        assertThat(watchdog.stuck(15, 10)).as("server ahead now: wait a period").isFalse();
        assertThat(watchdog.stuck(20, 15)).as("caught up to what the server had").isFalse();
        assertThat(watchdog.stuck(20, 20)).isFalse();
    }

    @Test
    void aWatchThatMissesARevisionForAWholePeriodIsStuck() {
        assertThat(watchdog.stuck(15, 10)).isFalse();
        assertThat(watchdog.stuck(15, 14)).isTrue();
        assertThat(watchdog.stuck(15, 14)).as("starts over after reporting").isFalse();
    }

    @Test
    void aResetForgetsTheExpectedRevision() {
        watchdog.stuck(15, 10);
        watchdog.reset();
        assertThat(watchdog.stuck(15, 10)).isFalse();
    }
}
