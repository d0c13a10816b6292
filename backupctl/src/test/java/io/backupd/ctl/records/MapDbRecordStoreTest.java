package io.backupd.ctl.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobState;
import io.backupd.common.api.JobType;
import io.backupd.ctl.db.ControllerDb;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbRecordStoreTest {
    @TempDir
    Path dir;
    private ControllerDb db;
    private MapDbRecordStore store;

    @BeforeEach
    void open() {
        reopen();
    }

    private void reopen() {
        db = ControllerDb.open(dir.resolve("backupctl.db"));
        store = new MapDbRecordStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static JobRecord running(String rid, String app, String start) {
        Job job = Job.of("0a000001" + "0".repeat(32), "0 1 * * *", "backup", Map.of("app", app, "proc", app + ".web.web"), JobType.CRON);
        return JobRecord.started(rid, job, "10.0.0.1", Instant.parse(start));
    }

    @Test
    void storesAndFindsByRid() {
        JobRecord record = running("r1", "hello", "2026-03-01T10:00:00Z");

        assertThat(store.put(record)).isTrue();

        assertThat(store.byRid("r1")).contains(record);
        assertThat(store.byRid("nope")).isEmpty();
    }

    @Test
    void duplicateIsANoOpAndStateOnlyMovesForward() {
        JobRecord started = running("r1", "hello", "2026-03-01T10:00:00Z");
        JobRecord done = started.succeeded(Instant.parse("2026-03-01T10:01:00Z"), Map.of("size", 42));
        store.put(started);

        assertThat(store.put(started)).as("duplicate").isFalse();
        assertThat(store.put(done)).as("running → success").isTrue();
        assertThat(store.put(started)).as("late running").isFalse();

        assertThat(store.byRid("r1")).get().extracting(JobRecord::state).isEqualTo(JobState.SUCCESS);
        assertThat(store.byRid("r1").get().result()).containsEntry("size", 42);
        assertThat(store.newestFirst("hello", 10, null, null)).singleElement().extracting(JobRecord::state).isEqualTo(JobState.SUCCESS);
    }

    @Test
    void lateRunningNeverOverwritesFailed() {
        JobRecord started = running("r1", "hello", "2026-03-01T10:00:00Z");
        store.put(started.failed(Instant.parse("2026-03-01T10:00:05Z"), "volume missing", Map.of()));

        assertThat(store.put(started)).isFalse();

        assertThat(store.byRid("r1").get().state()).isEqualTo(JobState.FAILED);
        assertThat(store.byRid("r1").get().reason()).isEqualTo("volume missing");
    }

    @Test
    void newestFirstPerAppWithTotalAndPeriod() {
        store.put(running("r1", "hello", "2026-01-31T23:59:59Z"));
        store.put(running("r2", "hello", "2026-02-01T00:00:00Z"));
        store.put(running("r3", "hello", "2026-02-15T12:00:00Z"));
        store.put(running("r4", "hello", "2026-03-01T00:00:00Z"));
        store.put(running("x1", "other", "2026-02-20T00:00:00Z"));

        assertThat(store.newestFirst("hello", 100, null, null)).extracting(JobRecord::rid).containsExactly("r4", "r3", "r2", "r1");
        assertThat(store.newestFirst("hello", 2, null, null)).extracting(JobRecord::rid).containsExactly("r4", "r3");
        Instant feb = Instant.parse("2026-02-01T00:00:00Z");
        Instant mar = Instant.parse("2026-03-01T00:00:00Z");
        assertThat(store.newestFirst("hello", 100, feb, mar)).extracting(JobRecord::rid).containsExactly("r3", "r2");
        assertThat(store.newestFirst("other", 100, null, null)).extracting(JobRecord::rid).containsExactly("x1");
        assertThat(store.newestFirst("nobody", 100, null, null)).isEmpty();
        // an app whose name is a prefix of another's does not see the other's records
        store.put(running("h1", "hell", "2026-02-02T00:00:00Z"));
        assertThat(store.newestFirst("hell", 100, null, null)).extracting(JobRecord::rid).containsExactly("h1");
    }

    @Test
    void aRecordThatChangesStartIsReindexed() {
        store.put(running("r1", "hello", "2026-01-01T00:00:00Z"));
        JobRecord moved = running("r1", "hello", "2026-05-01T00:00:00Z").succeeded(Instant.parse("2026-05-01T00:01:00Z"), Map.of());
        store.put(moved);

        assertThat(store.newestFirst("hello", 100, null, null)).extracting(JobRecord::start)
                .containsExactly(Instant.parse("2026-05-01T00:00:00Z"));
    }

    @Test
    void recordsWithoutAnAppAreKeptButNotListed() {
        Job expire = Job.of("0a000001" + "1".repeat(32), "0 3 * * *", "backup_expire", Map.of(), JobType.CRON);
        store.put(JobRecord.started("e1", expire, "10.0.0.1", Instant.parse("2026-03-01T03:00:00Z")));

        assertThat(store.byRid("e1")).isPresent();
        assertThat(store.newestFirst("", 100, null, null)).isEmpty();
    }

    @Test
    void reopeningKeepsRecordsAndIndex() {
        JobRecord started = running("r1", "hello", "2026-03-01T10:00:00Z");
        store.put(started);
        store.put(started.succeeded(Instant.parse("2026-03-01T10:01:00Z"), Map.of()));
        store.put(running("r2", "hello", "2026-03-02T10:00:00Z"));
        db.close();

        reopen();

        assertThat(store.byRid("r1").get().state()).isEqualTo(JobState.SUCCESS);
        assertThat(store.newestFirst("hello", 100, null, null)).extracting(JobRecord::rid).containsExactly("r2", "r1");
        assertThat(store.put(started)).as("still no regression after reopen").isFalse();
    }

    @Test
    void closeTwiceIsHarmlessAndReleasesTheFile() {
        store.put(running("r1", "hello", "2026-03-01T10:00:00Z"));
        db.close();
        db.close();

        reopen();

        assertThat(store.byRid("r1")).isPresent();
    }

    @Test
    void newestFirstAcrossAllAppsIncludesNodeWideRecords() {
        store.put(running("r1", "hello", "2026-03-01T10:00:00Z"));
        store.put(running("x1", "other", "2026-03-03T10:00:00Z"));
        Job expire = Job.of("0a000001" + "1".repeat(32), "0 * * * *", "backup_expire", Map.of(), JobType.CRON);
        store.put(JobRecord.started("e1", expire, "10.0.0.1", Instant.parse("2026-03-02T10:00:00Z")));
        JobRecord done = running("r1", "hello", "2026-03-01T10:00:00Z").succeeded(Instant.parse("2026-03-01T10:05:00Z"), Map.of());
        store.put(done);

        assertThat(store.newestFirstAll(10, null, null)).extracting(JobRecord::rid).containsExactly("x1", "e1", "r1");
        assertThat(store.newestFirstAll(2, null, null)).extracting(JobRecord::rid).containsExactly("x1", "e1");
        assertThat(store.newestFirstAll(10, Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z")))
                .extracting(JobRecord::rid).containsExactly("e1");
        assertThat(store.newestFirstAll(10, null, null).get(2).state()).as("one entry per record, the newest state")
                .isEqualTo(JobState.SUCCESS);
    }

    @Test
    void aDatabaseWithoutTheTimeIndexGetsItWhenOpened() {
        db.write(() -> db.tree("records", org.mapdb.Serializer.STRING, org.mapdb.Serializer.STRING)
                .put("old", io.backupd.common.json.Json.write(running("old", "hello", "2025-01-01T00:00:00Z"))));
        // the store opened above already created an empty time index; an old file has none at all
        db.write(() -> {
            db.tree("records_by_time", new org.mapdb.serializer.SerializerArrayTuple(org.mapdb.Serializer.LONG,
                    org.mapdb.Serializer.STRING), org.mapdb.Serializer.BOOLEAN).clear();
            return null;
        });
        db.close();

        reopen();

        assertThat(store.newestFirstAll(10, null, null)).extracting(JobRecord::rid).containsExactly("old");
    }
}
