package io.backupd.daemon.backup.snapshot;

import io.backupd.common.spec.BackupMode;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.backup.increment.PruneResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What expiry did to one volume's snapshots, or why it skipped them.
 *
 * @param expire    the period applied; empty: kept forever
 * @param forgotten the backup names of the snapshots forgotten
 * @param prune     what the prune after forgetting freed; null when skipped
 * @param skipped   why the volume was skipped, or null
 */
public record SnapshotExpiryOutcome(BackupTarget target, String expire, List<String> forgotten, int kept, PruneResult prune,
                                    String skipped) {

    static SnapshotExpiryOutcome skipped(BackupTarget target, String expire, String why) {
        return new SnapshotExpiryOutcome(target, expire, List.of(), 0, null, why);
    }

    /**
     * As the run's result lists it: {@code {app, proc, instanceNo, volume, mode: "increment", expire}} and then
     * {@code reason} when skipped (the field full volumes use too), else {@code forgotten, kept, prune}.
     */
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", target.app());
        m.put("proc", target.proc());
        m.put("instanceNo", target.instanceNo());
        m.put("volume", target.volume());
        m.put("mode", BackupMode.INCREMENT.wireName());
        m.put("expire", expire);
        if (skipped != null) {
            m.put("reason", skipped);
            return m;
        }
        m.put("forgotten", forgotten);
        m.put("kept", kept);
        m.put("prune", prune);
        return m;
    }
}
