package io.backupd.daemon.backup.snapshot;

import java.util.List;

/**
 * {@code <folder>/increment.json}: which volume a folder's snapshot repository protects, written by
 * every incremental backup (replaced whole). Listings find repositories by this key and take a
 * snapshot's {@code volume}, {@code source}, {@code server} and {@code containers} from it, since the
 * folder's volume key ({@code var-lib-mysql}) cannot be turned back into the volume path.
 */
record VolumeMarker(String app, String proc, int instanceNo, String volume, String source, String server,
                    List<String> containers) {
    VolumeMarker {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }
}
