package io.backupd.daemon.backup.restore;

import java.util.List;

/**
 * What {@link SafeExtractor} wrote into the staging folder.
 *
 * @param files     regular files (hard links not included)
 * @param dirs      directory entries of the archive (implicit parents not included)
 * @param bytes     file content bytes
 * @param notes     what was changed on the way in (stripped mode bits), at most {@link SafeExtractor#MAX_NOTES}
 *                  lines plus one summary line
 */
record ExtractSummary(long files, long dirs, long symlinks, long hardLinks, long bytes, List<String> notes) {
    ExtractSummary {
        notes = List.copyOf(notes);
    }
}
