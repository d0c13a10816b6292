package io.backupd.common.id;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Record ids that sort by creation time and never repeat: 12 hex digits of milliseconds, 4 of a
 * per-millisecond sequence, 8 random (so two daemons never collide). If the clock steps back,
 * ids keep increasing from the last one issued. Thread-safe.
 */
public final class RecordIdGenerator {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis;
    private int sequence;

    public RecordIdGenerator(Clock clock) {
        this.clock = clock;
    }

    public synchronized String next() {
        long now = Math.max(clock.millis(), lastMillis);
        if (now == lastMillis) {
            sequence++;
            if (sequence > 0xffff) {
                now++;
                sequence = 0;
            }
        } else {
            sequence = 0;
        }
        lastMillis = now;
        return String.format("%012x%04x%08x", now, sequence, random.nextInt() & 0xffffffffL);
    }
}
