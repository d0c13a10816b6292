package io.backupd.http;

import io.backupd.common.error.BackupException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of single request values (a field, a query or path parameter) that both binaries share;
 * a bad value is INVALID_ARGUMENT naming the field and showing the value.
 */
public final class Fields {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final int MAX_INSTANCE_NO = 999_999;

    private Fields() {
    }

    /** An optional whole number in {@code [min, max]}; null or blank is absent. */
    public static Optional<Integer> intValue(String name, String text, int min, int max) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw BackupException.invalid(name + "='" + printable(text) + "' must be a whole number from " + min + " to " + max);
    }

    /** An instance number (1 or more). */
    public static Optional<Integer> instanceNo(String name, String text) {
        return intValue(name, text, 1, MAX_INSTANCE_NO);
    }

    public static int requiredInstanceNo(String name, String text) {
        return instanceNo(name, text).orElseThrow(() -> BackupException.invalid("field " + name + " (an instance number) is required"));
    }

    /** A node ip as written in a path: four decimal octets. */
    public static String ip(String text) {
        if (text == null || !IPV4.matcher(text).matches()) {
            throw BackupException.invalid("'" + printable(text) + "' is not an IPv4 address");
        }
        return text;
    }

    /** {@code text} with control characters shown as {@code ?}, safe to put in a message. */
    public static String printable(String text) {
        return text == null ? "null" : text.replaceAll("\\p{Cntrl}", "?");
    }
}
