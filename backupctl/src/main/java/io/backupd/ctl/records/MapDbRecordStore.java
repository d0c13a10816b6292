package io.backupd.ctl.records;

import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * {@link RecordStore} in one MapDB file with transactions. Two B-trees:
 * <ul>
 *   <li>{@code records}: rid → the record as JSON (JSON rather than Java serialisation, so the file
 *       stays readable by a later version whose record has more fields);</li>
 *   <li>{@code byApp}: (app, -start millis, rid) → nothing. Negating the start makes an ascending
 *       range scan of one app's prefix yield newest first, so a listing reads only the records it
 *       returns instead of scanning them all.</li>
 * </ul>
 * Both trees change in one transaction, committed before {@code put} returns. Writes are
 * serialised on this object; reads go straight to the trees, which MapDB makes thread-safe.
 */
public final class MapDbRecordStore implements RecordStore {
    private static final String RID_MAX = "\uffff";

    private final DB db;
    private final BTreeMap<String, String> records;
    private final BTreeMap<Object[], Boolean> byApp;

    public MapDbRecordStore(Path file) {
        try {
            this.db = DBMaker.fileDB(file.toFile()).transactionEnable().closeOnJvmShutdown().make();
        } catch (RuntimeException e) {
            // typically another process holds the file lock
            throw new BackupException(ErrorCode.INTERNAL, "cannot open the record database " + file + ": " + e.getMessage(), e);
        }
        this.records = db.treeMap("records", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.byApp = db.treeMap("records_by_app")
                .keySerializer(new SerializerArrayTuple(Serializer.STRING, Serializer.LONG, Serializer.STRING))
                .valueSerializer(Serializer.BOOLEAN)
                .createOrOpen();
    }

    @Override
    public synchronized boolean put(JobRecord record) {
        Objects.requireNonNull(record.rid(), "rid");
        Optional<JobRecord> existing = byRid(record.rid());
        if (existing.isPresent()) {
            JobRecord old = existing.get();
            if (old.equals(record) || (old.state().isFinished() && !record.state().isFinished())) {
                return false;
            }
        }
        try {
            existing.flatMap(MapDbRecordStore::indexKey).ifPresent(byApp::remove);
            records.put(record.rid(), Json.write(record));
            indexKey(record).ifPresent(key -> byApp.put(key, Boolean.TRUE));
            db.commit();
            return true;
        } catch (RuntimeException e) {
            db.rollback();
            throw new BackupException(ErrorCode.INTERNAL, "cannot store record " + record.rid() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<JobRecord> byRid(String rid) {
        String json = records.get(rid);
        return json == null ? Optional.empty() : Optional.of(Json.read(json, JobRecord.class, "stored record " + rid));
    }

    @Override
    public List<JobRecord> newestFirst(String app, int total, Instant from, Instant to) {
        // newest first: the low end of the scan is the latest start (exclusive `to`), the high end the earliest
        long low = to == null ? Long.MIN_VALUE : -to.toEpochMilli() + 1;
        long high = from == null ? Long.MAX_VALUE : -from.toEpochMilli();
        List<JobRecord> out = new ArrayList<>();
        if (total <= 0 || low > high) {
            return out;
        }
        ConcurrentNavigableMap<Object[], Boolean> range =
                byApp.subMap(new Object[]{app, low, ""}, true, new Object[]{app, high, RID_MAX}, true);
        for (Map.Entry<Object[], Boolean> entry : range.entrySet()) {
            byRid((String) entry.getKey()[2]).ifPresent(out::add);
            if (out.size() >= total) {
                break;
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }

    private static Optional<Object[]> indexKey(JobRecord record) {
        if (record.app() == null || record.start() == null) {
            return Optional.empty();
        }
        return Optional.of(new Object[]{record.app(), -record.start().toEpochMilli(), record.rid()});
    }
}
