package io.backupd.daemon.backup.expire;

import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.catalog.CatalogEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What expiry did to one volume, or why it skipped it.
 *
 * @param expire   the period applied; empty: kept forever
 * @param orphans  archives without a catalog entry that were old enough to sweep
 * @param skipped  why the volume was skipped, or null
 * @param failed   true when the skip is a fault (damaged catalog, storage error), not a busy volume
 */
record VolumeOutcome(BackupTarget target, String expire, List<CatalogEntry> deleted, int kept, List<String> orphans,
                     List<String> errors, String skipped, boolean failed) {

    static VolumeOutcome skipped(BackupTarget target, String expire, String why, boolean failed) {
        return new VolumeOutcome(target, expire, List.of(), 0, List.of(), List.of(), why, failed);
    }

    long deletedBytes() {
        return deleted.stream().mapToLong(CatalogEntry::size).sum();
    }

    /** As the run's result lists it: {@code {app, proc, instanceNo, volume, expire, deleted: [{name, created, size}], kept}}. */
    Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", target.app());
        m.put("proc", target.proc());
        m.put("instanceNo", target.instanceNo());
        m.put("volume", target.volume());
        m.put("expire", expire);
        if (skipped != null) {
            m.put("reason", skipped);
            return m;
        }
        m.put("deleted", deleted.stream().map(e -> Map.<String, Object>of("name", e.name(), "created", e.created().toString(),
                "size", e.size())).toList());
        m.put("kept", kept);
        if (!orphans.isEmpty()) {
            m.put("orphansDeleted", orphans);
        }
        if (!errors.isEmpty()) {
            m.put("errors", errors);
        }
        return m;
    }
}
