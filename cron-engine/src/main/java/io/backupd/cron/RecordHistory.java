package io.backupd.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.api.JobRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The last {@code kept} records by record id, persisted in {@code records.json} (newest first).
 * Record ids sort by creation time, so "the last" means the most recently started runs; a
 * record's later state replaces its earlier one. Thread-safe.
 */
final class RecordHistory {
    static final String FILE = "records.json";

    private final Path file;
    private final int kept;
    private final TreeMap<String, JobRecord> byRid = new TreeMap<>();

    RecordHistory(Path dataDir, int kept) {
        this.file = dataDir.resolve(FILE);
        this.kept = kept;
        AtomicFiles.read(file, new TypeReference<List<JobRecord>>() { })
                .ifPresent(records -> records.forEach(r -> byRid.put(r.rid(), r)));
        trim();
    }

    synchronized void put(JobRecord record) {
        byRid.put(record.rid(), record);
        trim();
        AtomicFiles.write(file, newestFirst());
    }

    synchronized List<JobRecord> newestFirst() {
        return new ArrayList<>(byRid.descendingMap().values());
    }

    synchronized Optional<JobRecord> get(String rid) {
        return Optional.ofNullable(rid == null ? null : byRid.get(rid));
    }

    private void trim() {
        while (byRid.size() > kept) {
            byRid.pollFirstEntry();
        }
    }
}
