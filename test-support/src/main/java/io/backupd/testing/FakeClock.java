package io.backupd.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, in UTC. Thread-safe: the code under test may
 * read it from its own threads while the test moves it. {@link #withZone} is refused, so code that
 * should take its zone from its configuration cannot quietly take it from the clock.
 */
public final class FakeClock extends Clock {
    /** Where {@link #FakeClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public FakeClock() {
        this(DEFAULT_START);
    }

    /** A clock at an ISO-8601 instant such as {@code 2026-11-22T10:00:00Z}. */
    public static FakeClock at(String instant) {
        return new FakeClock(Instant.parse(instant));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void set(String instant) {
        set(Instant.parse(instant));
    }

    /** Moves the clock by {@code by}, backwards when it is negative. */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the code under test must read the zone from its config");
    }
}
