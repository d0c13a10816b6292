package io.backupd.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, polling; tests never sleep a guessed time. Polls often at
 * first (an effect of another thread is usually there within milliseconds) and then every 100 ms
 * (a process that starts takes seconds; asking it more often only loads the machine).
 */
public final class Await {
    /** The deadline of {@link #until(String, BooleanSupplier)}: generous for a busy, shared machine. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
    private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test after {@link #DEFAULT_DEADLINE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_DEADLINE, condition);
    }

    /**
     * Returns once {@code condition} holds; fails the test with an AssertionError naming {@code what}
     * after {@code timeout}. An exception from the condition is not retried: it ends the wait.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            pause = pauseBefore(deadline, pause, what, timeout, null);
        }
    }

    /**
     * Returns the first value {@code probe} offers. A probe that throws a RuntimeException (a process
     * not listening yet) is asked again; the last such exception is the cause of the AssertionError
     * after {@code timeout}.
     */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        RuntimeException last = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (RuntimeException e) {
                last = e;
            }
            pause = pauseBefore(deadline, pause, what, timeout, last);
        }
    }

    /** Pauses before the next try and returns the pause after it; fails once the deadline passed. */
    private static long pauseBefore(long deadline, long pause, String what, Duration timeout, Throwable cause) {
        if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what, cause);
        }
        LockSupport.parkNanos(pause);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what);
        }
        return Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
}
