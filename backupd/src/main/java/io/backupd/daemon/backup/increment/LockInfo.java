package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A lock object, {@code locks/<id>.json}. The holder rewrites it (new {@code refreshed}) while it
 * works; once {@code refreshed + expires_after_seconds} has passed the lock is stale and anyone may
 * delete it. A lock of this host whose process is gone is stale at once ({@link #holderGone}):
 * {@code pid} and {@code pid_start} name the process; locks written without them (pid 0) only expire.
 */
record LockInfo(int version, String id, String mode, String purpose, String owner, String host, long pid,
                @JsonProperty("pid_start") Instant pidStart, Instant created, Instant refreshed,
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

    /**
     * True when the holder is known to be dead: it ran on {@code localHost} and its pid is gone, or
     * belongs to a process started at another time (a restarted daemon in a container gets its old pid
     * back). Holders on other hosts cannot be asked, so for them this is always false.
     */
    boolean holderGone(String localHost) {
        if (pid <= 0 || !localHost.equals(host)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        return pidStart != null && process.get().info().startInstant().map(start -> !start.equals(pidStart)).orElse(false);
    }

    LockInfo refreshedAt(Instant now) {
        return new LockInfo(version, id, mode, purpose, owner, host, pid, pidStart, created, now, expiresAfterSeconds);
    }

    String describe() {
        return purpose + " (" + mode + ") by " + owner + " on " + host + " pid " + pid + ", created " + created
                + ", refreshed " + refreshed + ", stale after " + expiresAt();
    }
}
