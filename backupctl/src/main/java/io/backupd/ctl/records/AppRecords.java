package io.backupd.ctl.records;

import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records as the APIs list them: of one app, one by rid, or all. Records outlive their app, so an
 * app is unknown (NOT_FOUND) only when it is neither declared nor has any record; a rid of another
 * app is NOT_FOUND, not shown.
 */
public final class AppRecords {
    private final RecordStore store;
    private final Predicate<String> declared;

    /** @param declared whether an app is currently declared (in the config source) */
    public AppRecords(RecordStore store, Predicate<String> declared) {
        this.store = store;
        this.declared = declared;
    }

    public List<JobRecord> list(String app, RecordQuery query) {
        List<JobRecord> found = query.appRecords(store, app);
        if (found.isEmpty() && !declared.test(app) && store.newestFirst(app, 1, null, null).isEmpty()) {
            throw BackupException.notFound("app " + app + " is not known to the controller and has no records");
        }
        return found;
    }

    public JobRecord one(String app, String rid) {
        return store.byRid(rid).filter(r -> app.equals(r.app()))
                .orElseThrow(() -> BackupException.notFound("app " + app + " has no record " + rid));
    }

    public List<JobRecord> all(RecordQuery query) {
        return query.allRecords(store);
    }

    /** Stores {@code records} as one durable write; returns how many changed something. */
    public int putAll(List<JobRecord> records) {
        return store.putAll(records);
    }
}
