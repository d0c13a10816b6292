package io.backupd.daemon.backup.full;

import java.io.IOException;

/**
 * The first failure of a parallel stream, kept so that every later call fails the same way
 * rather than going on with a stream that lost data. Touched by the stream's caller thread only.
 */
final class StickyFailure {
    private IOException first;

    /** Keeps {@code e} unless a failure is already kept; returns the one kept. */
    IOException keep(IOException e) {
        if (first == null) {
            first = e;
        }
        return first;
    }

    boolean isSet() {
        return first != null;
    }

    IOException first() {
        return first;
    }

    /**
     * The failure again, as a new exception: rethrowing the same instance from close() in a
     * try-with-resources would make the JDK add it to itself as suppressed, which throws.
     */
    IOException again() {
        return new IOException(first.getMessage(), first);
    }
}
