package io.backupd.bench;

import io.backupd.common.api.JobRecord;
import io.backupd.common.json.Json;
import io.backupd.ctl.db.ControllerDb;
import io.backupd.ctl.records.MapDbRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills a controller database ({@code DIR/backupctl.db}) with {@code records} finished backup
 * records spread evenly over {@code apps} apps and the {@code months} months before {@code end},
 * fast: straight into the record store's three B-trees, {@code tx} records per committed
 * transaction, instead of one transaction per record as {@code POST /system/notify} does (which
 * would take hours for a million). The tree names and key layouts below must match
 * {@link MapDbRecordStore}; after loading, every app's newest records are read back through
 * {@link MapDbRecordStore} and compared, so a layout drift fails here, loudly.
 *
 * <p>Usage: {@code RecordLoader dir=DIR [records=1000000] [apps=100] [months=6] [tx=20000]}
 */
public final class RecordLoader {
    private RecordLoader() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = Args.parse(args);
        Path dir = Path.of(Args.of(opts, "dir", "data/query"));
        int records = Args.intOf(opts, "records", 1_000_000);
        int apps = Args.intOf(opts, "apps", 100);
        int months = Args.intOf(opts, "months", 6);
        int tx = Args.intOf(opts, "tx", 20_000);
        Instant end = Instant.parse(Args.of(opts, "end", "2025-06-30T00:00:00Z"));
        Instant begin = end.minus(30L * months, ChronoUnit.DAYS);
        long spanMillis = end.toEpochMilli() - begin.toEpochMilli();

        Path file = dir.resolve(ControllerDb.FILE_NAME);
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists; give a new dir");
        }
        long t0 = System.nanoTime();
        try (ControllerDb db = ControllerDb.open(createDirectories(dir).resolve(ControllerDb.FILE_NAME))) {
            MapDbRecordStore store = new MapDbRecordStore(db);
            for (int from = 0; from < records; from += tx) {
                int last = Math.min(records, from + tx);
                List<JobRecord> batch = new ArrayList<>(last - from);
                for (int i = from; i < last; i++) {
                    batch.add(record(i, records, apps, begin, spanMillis));
                }
                store.putAll(batch);
                if ((last / tx) % 10 == 0 || last == records) {
                    System.out.printf("  %,d records, %s s%n", last, Stats.f1((System.nanoTime() - t0) / 1e9));
                }
            }
            verify(store, records, apps, begin, spanMillis);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("load: %,d records over %d apps and %d months into %s in %s s (%s records/s), file %s MiB | load %s%n",
                records, apps, months, file, Stats.f1(seconds), Stats.f1(records / seconds),
                Stats.f1(size(file) / 1048576.0), Stats.loadAverage());
    }

    /** Record {@code i}: app {@code i % apps}, starts evenly spread and increasing with i, a random-looking rid. */
    static JobRecord record(int i, int records, int apps, Instant begin, long spanMillis) {
        Instant start = begin.plusMillis(spanMillis * i / records);
        String rid = Long.toHexString(mix(i)) + "-" + i;
        return Records.success(Records.running(rid, Records.app(i % apps), i % 3 + 1, start));
    }

    private static void verify(MapDbRecordStore store, int records, int apps, Instant begin, long spanMillis) {
        for (int app = 0; app < Math.min(apps, records); app++) {
            List<JobRecord> newest = store.newestFirst(Records.app(app), 3, null, null);
            int lastOfApp = records - 1 - Math.floorMod(records - 1 - app, apps);
            JobRecord expected = record(lastOfApp, records, apps, begin, spanMillis);
            if (newest.isEmpty() || !same(newest.get(0), expected)) {
                throw new IllegalStateException("read back through MapDbRecordStore: newest of " + Records.app(app) + " is "
                        + (newest.isEmpty() ? "nothing" : newest.get(0)) + ", expected " + expected
                        + "; does the loader still match the store's layout?");
            }
        }
    }

    /** Equal as far as JSON keeps them (a number in {@code result} may come back as another boxed type). */
    private static boolean same(JobRecord stored, JobRecord expected) {
        return stored.equals(Json.read(Json.write(expected), JobRecord.class, "expected record"));
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
