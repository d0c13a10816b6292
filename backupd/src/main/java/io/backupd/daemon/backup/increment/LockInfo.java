package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * A lock object, {@code locks/<id>.json}. The holder rewrites it (new {@code refreshed}) while it
 * works; once {@code refreshed + expires_after_seconds} has passed the lock is stale and anyone may
 * delete it.
 */
record LockInfo(int version, String id, String mode, String purpose, String owner, String host, long pid,
                Instant created, Instant refreshed,
                @JsonProperty("expires_after_seconds") long expiresAfterSeconds) {
    static final int VERSION = 1;

    LockMode lockMode() {
        return LockMode.ofJson(mode);
    }

    Instant expiresAt() {
        return refreshed.plus(Duration.ofSeconds(expiresAfterSeconds));
    }

    /** Stale strictly after expiry: a lock refreshed exactly {@code expiry} ago still holds. */
    boolean staleAt(Instant now) {
        return now.isAfter(expiresAt());
    }

    LockInfo refreshedAt(Instant now) {
        return new LockInfo(version, id, mode, purpose, owner, host, pid, created, now, expiresAfterSeconds);
    }

    String describe() {
        return purpose + " (" + mode + ") by " + owner + " on " + host + " pid " + pid + ", created " + created
                + ", refreshed " + refreshed + ", stale after " + expiresAt();
    }
}
