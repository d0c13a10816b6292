package io.backupd.daemon.backup.restore;

import java.util.List;

/**
 * A file {@link Restorer#placeFile} put into a volume.
 *
 * @param bytes content bytes written
 * @param notes what was changed on the way in (stripped mode bits); empty if nothing
 */
public record PlacedFile(long bytes, List<String> notes) {
    public PlacedFile {
        notes = List.copyOf(notes);
    }
}
