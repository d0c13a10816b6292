package io.backupd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FakeClockTest {
    @Test
    void standsStillUntilMovedEitherWay() {
        FakeClock clock = FakeClock.at("2026-11-22T10:00:00Z");

        assertThat(clock.instant()).isEqualTo("2026-11-22T10:00:00Z");
        clock.advance(Duration.ofMinutes(1));
        assertThat(clock.instant()).isEqualTo("2026-11-22T10:01:00Z");
        clock.advance(Duration.ofSeconds(-90));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-11-22T09:59:30Z").toEpochMilli());
        clock.set("2027-01-01T00:00:00Z");
        assertThat(clock.instant()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(new FakeClock().instant()).isEqualTo(FakeClock.DEFAULT_START);
    }

    @Test
    void isInUtcAndRefusesToChangeZone() {
        FakeClock clock = new FakeClock();

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThatThrownBy(() -> clock.withZone(ZoneOffset.ofHours(8))).isInstanceOf(UnsupportedOperationException.class);
    }
}
