package io.backupd.daemon.storage;

import io.backupd.common.error.BackupException;

/**
 * The rules every key obeys, checked by every driver before it touches anything: relative,
 * slash-separated, no empty, {@code .} or {@code ..} segments, no backslashes or control
 * characters. A key that passes cannot name anything outside the storage's root by itself;
 * drivers still check symlinks on their side.
 */
public final class StorageKeys {
    private static final int MAX_LENGTH = 1024;

    private StorageKeys() {
    }

    /** Returns {@code key} when it is valid; INVALID_ARGUMENT naming the problem otherwise. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw BackupException.invalid("storage key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw BackupException.invalid("storage key is longer than " + MAX_LENGTH + " characters");
        }
        if (key.startsWith("/")) {
            throw BackupException.invalid("storage key '" + key + "' is absolute; keys are relative to the storage root");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                throw BackupException.invalid("storage key '" + key.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a backslash or a control character");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw BackupException.invalid("storage key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        return key;
    }

    /** A list prefix may be empty or end with a slash; otherwise it follows the key rules. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        check(body);
        return prefix;
    }

    /** A ranged read's bounds: INVALID_ARGUMENT when either is negative. */
    public static void checkRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw BackupException.invalid("a ranged read needs a non-negative offset and length, not " + offset + "+" + length);
        }
    }
}
