package io.backupd.daemon.backup;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An incremental snapshot's name taken apart:
 * {@code <app>-<procfullname>-<instanceNo>-<volume-key>-snap-<snapshot id>}, e.g.
 * {@code hello-hello.web.web-1-var-lib-mysql-snap-20251122T224012.345Z-9f3a01bc}. The head is a full
 * archive's, so the controller's ownership check by name prefix holds for both; the id is the
 * repository's own (UTC time to the millisecond and 8 random hex digits), stable for the snapshot's life.
 *
 * @param name      the whole name
 * @param folder    the volume folder in storage, {@code <app>/<proc>/<N>/<volume-key>}
 * @param id        the snapshot's id inside the volume's repository
 */
public record SnapshotName(String name, String app, String proc, int instanceNo, String volumeKey, String folder,
                           String id) {
    static final String SEPARATOR = "-snap-";
    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}");

    /** Every way {@code name} reads as a snapshot name; empty when it is not one (see {@link ArchiveName#parse}). */
    static List<SnapshotName> parse(String name) {
        int at = name.lastIndexOf(SEPARATOR);
        if (at < 0 || !ID.matcher(name.substring(at + SEPARATOR.length())).matches()) {
            return List.of();
        }
        String id = name.substring(at + SEPARATOR.length());
        // the head reads exactly as a full archive's does: parse it as one, with a dummy time and extension
        return ArchiveName.parse(name.substring(0, at) + "-0" + BackupLayout.ARCHIVE_EXTENSIONS.get(0)).stream()
                .map(a -> new SnapshotName(name, a.app(), a.proc(), a.instanceNo(), a.volumeKey(),
                        a.app() + "/" + a.proc() + "/" + a.instanceNo() + "/" + a.volumeKey(), id))
                .toList();
    }
}
