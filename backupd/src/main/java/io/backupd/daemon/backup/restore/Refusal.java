package io.backupd.daemon.backup.restore;

/**
 * Why an archive entry (or a path handed to {@link FilePlacer}) is not acceptable. Checked on
 * purpose: every place that refuses must be visible in the signatures between the rule and the
 * one catch that turns it into an INVALID_ARGUMENT error and deletes the staging folder.
 */
final class Refusal extends Exception {
    private final String entry;

    /** A refusal of the entry being processed; the extractor adds its name. */
    Refusal(String why) {
        this(null, why);
    }

    /** A refusal of a named entry other than the current one (a deferred symlink). */
    Refusal(String entry, String why) {
        super(why, null, false, false);
        this.entry = entry;
    }

    /** The name of the refused entry, or null when it is the one being processed. */
    String entry() {
        return entry;
    }
}
