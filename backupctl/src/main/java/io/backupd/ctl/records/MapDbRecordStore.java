package io.backupd.ctl.records;

import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.ctl.db.ControllerDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import org.mapdb.BTreeMap;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordStore} in three B-trees of the controller's database:
 * <ul>
 *   <li>{@code records}: rid → the record as JSON (JSON rather than Java serialisation, so the file
 *       stays readable by a later version whose record has more fields);</li>
 *   <li>{@code records_by_app}: (app, -start millis, rid) → nothing. Negating the start makes an
 *       ascending range scan of one app's prefix yield newest first, so a listing reads only the
 *       records it returns instead of scanning them all;</li>
 *   <li>{@code records_by_time}: (-start millis, rid) → nothing, the same across all apps.</li>
 * </ul>
 * All trees change in one transaction ({@link ControllerDb#write}), committed before {@code putAll}
 * returns. A database written before {@code records_by_time} existed gets it built when opened.
 */
public final class MapDbRecordStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(MapDbRecordStore.class);
    private static final String RID_MAX = "\uffff";

    private final ControllerDb db;
    private final BTreeMap<String, String> records;
    private final BTreeMap<Object[], Boolean> byApp;
    private final BTreeMap<Object[], Boolean> byTime;

    public MapDbRecordStore(ControllerDb db) {
        this.db = db;
        this.records = db.largeValueTree("records", Serializer.STRING, Serializer.STRING);
        this.byApp = db.tree("records_by_app", new SerializerArrayTuple(Serializer.STRING, Serializer.LONG, Serializer.STRING),
                Serializer.BOOLEAN);
        this.byTime = db.tree("records_by_time", new SerializerArrayTuple(Serializer.LONG, Serializer.STRING), Serializer.BOOLEAN);
        if (byTime.isEmpty() && !records.isEmpty()) {
            int indexed = db.write(() -> {
                records.keySet().forEach(rid -> byRid(rid).flatMap(MapDbRecordStore::timeKey)
                        .ifPresent(key -> byTime.put(key, Boolean.TRUE)));
                return byTime.size();
            });
            log.info("indexed {} existing records by time", indexed);
        }
    }

    @Override
    public int putAll(List<JobRecord> batch) {
        batch.forEach(record -> Objects.requireNonNull(record.rid(), "rid"));
        try {
            return db.write(() -> {
                int changed = 0;
                for (JobRecord record : batch) {
                    if (store(record)) {
                        changed++;
                    }
                }
                return changed;
            });
        } catch (RuntimeException e) {
            String rids = batch.size() == 1 ? "record " + batch.get(0).rid() : batch.size() + " records";
            throw new BackupException(ErrorCode.INTERNAL, "cannot store " + rids + ": " + e.getMessage(), e);
        }
    }

    private boolean store(JobRecord record) {
        Optional<JobRecord> existing = byRid(record.rid());
        if (existing.isPresent()) {
            JobRecord old = existing.get();
            if (old.equals(record) || (old.state().isFinished() && !record.state().isFinished())) {
                return false;
            }
            appKey(old).ifPresent(byApp::remove);
            timeKey(old).ifPresent(byTime::remove);
        }
        records.put(record.rid(), Json.write(record));
        appKey(record).ifPresent(key -> byApp.put(key, Boolean.TRUE));
        timeKey(record).ifPresent(key -> byTime.put(key, Boolean.TRUE));
        return true;
    }

    @Override
    public Optional<JobRecord> byRid(String rid) {
        String json = records.get(rid);
        return json == null ? Optional.empty() : Optional.of(Json.read(json, JobRecord.class, "stored record " + rid));
    }

    @Override
    public List<JobRecord> newestFirst(String app, int total, Instant from, Instant to) {
        long low = low(to);
        long high = high(from);
        if (total <= 0 || low > high) {
            return List.of();
        }
        return read(byApp.subMap(new Object[]{app, low, ""}, true, new Object[]{app, high, RID_MAX}, true), 2, total);
    }

    @Override
    public List<JobRecord> newestFirstAll(int total, Instant from, Instant to) {
        long low = low(to);
        long high = high(from);
        if (total <= 0 || low > high) {
            return List.of();
        }
        return read(byTime.subMap(new Object[]{low, ""}, true, new Object[]{high, RID_MAX}, true), 1, total);
    }

    // newest first: the low end of a scan is the latest start (exclusive `to`), the high end the earliest
    private static long low(Instant to) {
        return to == null ? Long.MIN_VALUE : -to.toEpochMilli() + 1;
    }

    private static long high(Instant from) {
        return from == null ? Long.MAX_VALUE : -from.toEpochMilli();
    }

    private List<JobRecord> read(NavigableMap<Object[], Boolean> range, int ridAt, int total) {
        List<JobRecord> out = new ArrayList<>();
        for (Map.Entry<Object[], Boolean> entry : range.entrySet()) {
            byRid((String) entry.getKey()[ridAt]).ifPresent(out::add);
            if (out.size() >= total) {
                break;
            }
        }
        return out;
    }

    private static Optional<Object[]> appKey(JobRecord record) {
        if (record.app() == null || record.start() == null) {
            return Optional.empty();
        }
        return Optional.of(new Object[]{record.app(), -record.start().toEpochMilli(), record.rid()});
    }

    private static Optional<Object[]> timeKey(JobRecord record) {
        if (record.start() == null) {
            return Optional.empty();
        }
        return Optional.of(new Object[]{-record.start().toEpochMilli(), record.rid()});
    }
}
