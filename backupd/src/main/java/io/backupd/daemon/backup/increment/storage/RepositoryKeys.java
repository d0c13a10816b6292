package io.backupd.daemon.backup.increment.storage;

import io.backupd.common.error.BackupException;

/**
 * The rules every repository key obeys: relative, slash-separated, no empty, {@code .} or
 * {@code ..} segments, no backslash or control character. A key that passes cannot name anything
 * outside the root by itself.
 */
public final class RepositoryKeys {
    private static final int MAX_LENGTH = 512;

    private RepositoryKeys() {
    }

    /** Returns {@code key} when valid; INVALID_ARGUMENT naming the problem otherwise. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw BackupException.invalid("repository key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw BackupException.invalid("repository key is longer than " + MAX_LENGTH + " characters");
        }
        if (key.startsWith("/")) {
            throw BackupException.invalid("repository key '" + key + "' is absolute");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                throw BackupException.invalid("repository key contains a backslash or a control character");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw BackupException.invalid("repository key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        return key;
    }

    /** A list prefix may be empty or end with a slash; otherwise it follows the key rules. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
