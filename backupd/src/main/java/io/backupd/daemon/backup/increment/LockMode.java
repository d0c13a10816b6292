package io.backupd.daemon.backup.increment;

/**
 * Shared locks (backup, restore, listing, forget, check) coexist; an exclusive lock (prune) excludes
 * every other lock. A backup may reference any indexed blob, so prune must not run beside one.
 */
enum LockMode {
    SHARED("shared"), EXCLUSIVE("exclusive");

    final String json;

    LockMode(String json) {
        this.json = json;
    }

    boolean conflictsWith(LockMode other) {
        return this == EXCLUSIVE || other == EXCLUSIVE;
    }

    /** An unknown mode (a later version's) is taken for exclusive: the safe guess. */
    static LockMode ofJson(String s) {
        return SHARED.json.equals(s) ? SHARED : EXCLUSIVE;
    }
}
