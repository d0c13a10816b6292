package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A daemon's {@code GET /api/v1/debug} answer: what an operator, and the controller's reconciler,
 * see of it. The engine's fields are at the top level, followed by the node's. The daemon builds
 * it, the controller reads it; fields unknown to a reader (a newer daemon) are ignored, absent ones
 * are null or zero.
 *
 * @param engine          the cron engine's status, its fields unwrapped into this object
 * @param nodeIp          the node's ip, as job ids carry it
 * @param hooks           the hook runner's name ({@code docker}, {@code local})
 * @param volumeRoot      where volumes live on the node
 * @param restoreRecovery what the restore recovery at start did
 * @param backupSlots     how many backups may run at once, which run, how many wait
 * @param volumeLocks     which run holds which volume, and how many scheduled backups wait for a busy one
 * @param storage         where backups go and what the daemon has met there
 * @param memory          the daemon's memory use
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DaemonStatus(
        @JsonUnwrapped EngineStatus engine,
        String nodeIp,
        String hooks,
        String volumeRoot,
        RestoreRecovery restoreRecovery,
        BackupSlots backupSlots,
        VolumeLocks volumeLocks,
        StorageStatus storage,
        Memory memory) {

    /** @param journals how many journals of interrupted restores were found */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestoreRecovery(Instant at, String journalDir, int journals, boolean allResolved,
                                  List<RecoveryAction> actions) {
        public RestoreRecovery {
            actions = actions == null ? List.of() : List.copyOf(actions);
        }
    }

    /** What was done with one journal; {@code outcome} is OLD_CONTENT, NEW_CONTENT, NOTHING or FAILED. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecoveryAction(String rid, String volume, String phase, String outcome, String detail) {
    }

    /** @param running record ids of the backups holding a slot */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BackupSlots(int max, List<String> running, int waiting) {
        public BackupSlots {
            running = running == null ? List.of() : List.copyOf(running);
        }
    }

    /** @param held the record id of the run holding each volume directory, by directory */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VolumeLocks(SortedMap<String, String> held, int waiting) {
        public VolumeLocks {
            held = held == null ? new TreeMap<>() : new TreeMap<>(held);
        }
    }

    /**
     * @param freeBytes        free space of the storage; null when the driver cannot tell
     * @param catalogsCorrupt  damaged catalogs met since the start and not seen repaired
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StorageStatus(String location, Long freeBytes, int catalogsCorrupt, List<String> corruptCatalogs) {
        public StorageStatus {
            corruptCatalogs = corruptCatalogs == null ? List.of() : List.copyOf(corruptCatalogs);
        }
    }

    /** @param rssBytes resident set size; null where the daemon cannot read it (not Linux) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(long heapUsedBytes, long heapMaxBytes, Long rssBytes) {
    }
}
