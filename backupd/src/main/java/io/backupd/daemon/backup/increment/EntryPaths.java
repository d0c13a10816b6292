package io.backupd.daemon.backup.increment;

/**
 * Whether a path read from a snapshot may be written below a restore target: relative, no empty,
 * {@code .} or {@code ..} segment, no NUL. Snapshots are data from storage, and storage may have been
 * tampered with; a path that fails here would escape or confuse the target.
 */
final class EntryPaths {
    private EntryPaths() {
    }

    /** Why {@code path} is unsafe, or null when it is fine. */
    static String problem(String path) {
        if (path.isEmpty()) {
            return "empty path";
        }
        if (path.startsWith("/")) {
            return "absolute path";
        }
        if (path.indexOf('\0') >= 0) {
            return "NUL in path";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "empty, '.' or '..' segment";
            }
        }
        return null;
    }
}
