package io.backupd.ctl.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.ctl.dispatch.MapDbSleepStates;
import io.backupd.ctl.records.MapDbRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerDbTest {
    @TempDir
    Path dir;

    private static JobRecord record(int n) {
        Job job = Job.of("0a000001" + "0".repeat(32), "0 1 * * *", "backup", Map.of("app", "hello"), JobType.CRON);
        return JobRecord.started("r" + n, job, "10.0.0.1", Instant.ofEpochSecond(1_770_000_000L + n));
    }

    @Test
    void aCopyTakenWhileRecordsArriveIsOneConsistentState() throws Exception {
        try (ControllerDb db = ControllerDb.open(Files.createDirectories(dir.resolve("live")).resolve("backupctl.db"))) {
            MapDbRecordStore store = new MapDbRecordStore(db);
            new MapDbSleepStates(db).set("0a000001" + "f".repeat(32), true);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    store.put(record(written.incrementAndGet()));
                }
            });
            writer.start();
            while (written.get() < 50) {
                Thread.onSpinWait();
            }
            Path copy = db.copyTo(dir.resolve("copies"), Path.of("copy"));
            stop.set(true);
            writer.join();

            try (ControllerDb opened = ControllerDb.open(copy)) {
                MapDbRecordStore copied = new MapDbRecordStore(opened);
                int inCopy = copied.newestFirstAll(100_000, null, null).size();
                assertThat(inCopy).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(written.get());
                assertThat(copied.newestFirst("hello", 100_000, null, null)).as("both indexes agree").hasSize(inCopy);
                for (int n = 1; n <= inCopy; n++) {
                    assertThat(copied.byRid("r" + n)).as("r%d: records are committed in order", n).isPresent();
                }
                assertThat(new MapDbSleepStates(opened).sleeping("0a000001" + "f".repeat(32))).isTrue();
            }
        }
    }

    @Test
    void aCopyNeverOverwritesAndStaysInsideItsFolder() throws Exception {
        try (ControllerDb db = ControllerDb.open(dir.resolve("backupctl.db"))) {
            new MapDbRecordStore(db).put(record(1));
            Path root = dir.resolve("copies");
            Path target = Files.createDirectories(root.resolve("taken"));
            Files.writeString(target.resolve("backupctl.db"), "precious");

            assertThatThrownBy(() -> db.copyTo(root, Path.of("taken"))).isInstanceOfSatisfying(BackupException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThat(target.resolve("backupctl.db")).hasContent("precious");
            assertThatThrownBy(() -> db.copyTo(root, dir)).as("absolute").isInstanceOfSatisfying(BackupException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> db.copyTo(dir, Path.of(""))).as("its own file").isInstanceOfSatisfying(BackupException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            Files.writeString(root.resolve("a-file"), "x");
            assertThatThrownBy(() -> db.copyTo(root, Path.of("a-file"))).isInstanceOf(BackupException.class);
            assertThat(Files.list(target)).hasSize(1);
        }
    }

    @Test
    void aFailedWriteIsRolledBack() {
        try (ControllerDb db = ControllerDb.open(dir.resolve("backupctl.db"))) {
            var tree = db.tree("t", org.mapdb.Serializer.STRING, org.mapdb.Serializer.STRING);
            db.write(() -> tree.put("a", "1"));

            assertThatThrownBy(() -> db.write(() -> {
                tree.put("b", "2");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(tree).containsOnlyKeys("a");
        }
    }

    @Test
    void concurrentWritersShareCommitsAndAFailingOneTakesNobodyDown() throws Exception {
        Path file = dir.resolve("backupctl.db");
        int writers = 8;
        int each = 200;
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        var unexpected = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
        try (ControllerDb db = ControllerDb.open(file)) {
            var tree = db.tree("t", org.mapdb.Serializer.STRING, org.mapdb.Serializer.STRING);
            var start = new java.util.concurrent.CountDownLatch(1);
            var threads = new java.util.ArrayList<Thread>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int n = 0; n < each; n++) {
                        String key = writer + "-" + n;
                        boolean poisoned = n % 10 == 7;
                        try {
                            String answer = db.write(() -> {
                                tree.put(key, "v");
                                if (poisoned) {
                                    throw new IllegalStateException("poisoned " + key);
                                }
                                return key;
                            });
                            assertThat(answer).isEqualTo(key);
                        } catch (IllegalStateException e) {
                            assertThat(poisoned).as("%s failed: %s", key, e.getMessage()).isTrue();
                            failures.incrementAndGet();
                        }
                    }
                });
                thread.setUncaughtExceptionHandler((t, e) -> unexpected.add(e));
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        }
        try (ControllerDb reopened = ControllerDb.open(file)) {
            var tree = reopened.tree("t", org.mapdb.Serializer.STRING, org.mapdb.Serializer.STRING);
            assertThat(unexpected).isEmpty();
            assertThat(failures.get()).isEqualTo(writers * each / 10);
            assertThat(tree).hasSize(writers * each - failures.get());
            assertThat(tree.keySet()).noneMatch(key -> key.endsWith("7") && Integer.parseInt(key.split("-")[1]) % 10 == 7);
        }
    }
}
