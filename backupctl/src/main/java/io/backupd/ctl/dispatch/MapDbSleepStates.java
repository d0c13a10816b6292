package io.backupd.ctl.dispatch;

import io.backupd.ctl.db.ControllerDb;
import org.mapdb.BTreeMap;
import org.mapdb.Serializer;

/** {@link SleepStates} in the controller's database: the tree {@code sleeping_jobs}, job id → true. */
public final class MapDbSleepStates implements SleepStates {
    private final ControllerDb db;
    private final BTreeMap<String, Boolean> sleeping;

    public MapDbSleepStates(ControllerDb db) {
        this.db = db;
        this.sleeping = db.tree("sleeping_jobs", Serializer.STRING, Serializer.BOOLEAN);
    }

    @Override
    public boolean sleeping(String jobId) {
        return sleeping.containsKey(jobId);
    }

    @Override
    public void set(String jobId, boolean asleep) {
        db.write(() -> asleep ? sleeping.put(jobId, Boolean.TRUE) : sleeping.remove(jobId));
    }
}
