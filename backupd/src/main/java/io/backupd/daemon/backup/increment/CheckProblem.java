package io.backupd.daemon.backup.increment;

/**
 * One thing check found wrong. {@code snapshot}, {@code path}, {@code chunk} and {@code pack} are set
 * where they apply, so an operator sees which backups and files a damaged or lost chunk affects.
 */
public record CheckProblem(Kind kind, String message, String snapshot, String path, String chunk, String pack) {

    /** What kind of damage. */
    public enum Kind {
        /** An index file cannot be read or fails its checksum. */
        UNREADABLE_INDEX,
        /** The index points at a pack that is not in storage. */
        MISSING_PACK,
        /** A pack's header or trailer is broken, or disagrees with the index. */
        DAMAGED_PACK,
        /** A chunk a snapshot needs is not in the index or its pack is gone. */
        MISSING_CHUNK,
        /** A chunk's stored bytes do not decode to content matching its SHA-256. */
        DAMAGED_CHUNK,
        /** A snapshot object or its file tree cannot be read. */
        UNREADABLE_SNAPSHOT,
        /** A snapshot entry names an absolute path or a '..' segment; restore refuses it. */
        UNSAFE_PATH
    }
}
