package io.backupd.daemon.api.v1;

import io.backupd.common.error.BackupException;

/** A whole-number query parameter within bounds, as listings take their sizes ({@code limit}, {@code total}). */
final class QueryNumber {
    private QueryNumber() {
    }

    /** {@code value} as a number from {@code min} to {@code max}; absent or empty: {@code absent}; else INVALID_ARGUMENT naming it. */
    static int bounded(String name, String value, int min, int max, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a whole number, or beyond int: answered below like any other value out of range
        }
        throw BackupException.invalid(name + " '" + value + "' must be a number from " + min + " to " + max);
    }
}
