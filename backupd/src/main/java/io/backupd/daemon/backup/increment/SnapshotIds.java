package io.backupd.daemon.backup.increment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Snapshot ids: the UTC creation time to the millisecond, then 8 random hex digits, e.g.
 * {@code 20251122T224012.345Z-9f3a01bc}. They sort like the snapshots' times and stay stable
 * for the snapshot's life; the random part keeps two daemons writing the same millisecond apart.
 */
final class SnapshotIds {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}");

    private SnapshotIds() {
    }

    static String create(Instant time) {
        return FORMAT.format(time) + "-" + RepositoryLayout.randomSuffix();
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The creation time an id carries, to the millisecond. */
    static Instant timeOf(String id) {
        return FORMAT.parse(id.substring(0, id.indexOf('-')), Instant::from);
    }
}
