package io.backupd.bench;

import io.backupd.common.api.JobRecord;
import io.backupd.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sustained {@code POST /api/v2/system/notify} into a real controller process on loopback:
 * {@code clients} threads, one keep-alive connection each, post as fast as they are answered for
 * {@code warmup} seconds (not counted) and then {@code seconds} seconds (counted). Each run is
 * reported twice, as daemons do: {@code running}, then {@code success} for the same rid. With
 * {@code batch=1} every POST carries one record; with {@code batch=N} an array of N (half new runs,
 * half the previous array's runs finishing). Prints records/s acknowledged, POST latency and the
 * controller's resident memory (VmRSS at the end, VmHWM peak).
 *
 * <p>Usage: {@code IngestBench jar=backupctl.jar data=DIR [jvm="-Xmx512m"] [clients=8] [batch=1]
 * [warmup=5] [seconds=30]}; DIR should be new (an existing database is appended to).
 */
public final class IngestBench {
    private static final MediaType JSON = MediaType.get("application/json");

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args);
        Path jar = Path.of(Args.of(opts, "jar", "../backupctl/target/backupctl.jar"));
        Path data = Files.createDirectories(Path.of(Args.of(opts, "data", "data/ingest")));
        String jvm = Args.of(opts, "jvm", "");
        int clients = Args.intOf(opts, "clients", 8);
        int batch = Args.intOf(opts, "batch", 1);
        int warmup = Args.intOf(opts, "warmup", 5);
        int seconds = Args.intOf(opts, "seconds", 30);
        String load = Stats.loadAverage();

        try (ControllerProcess controller = ControllerProcess.start(jar, jvm, data)) {
            OkHttpClient client = new OkHttpClient.Builder().connectionPool(new ConnectionPool(clients, 1, TimeUnit.MINUTES))
                    .callTimeout(Duration.ofSeconds(60)).build();
            client.dispatcher().setMaxRequestsPerHost(clients);
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong records = new AtomicLong();
            AtomicLong posts = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            List<List<Double>> latencies = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<Double> mine = new ArrayList<>();
                latencies.add(mine);
                int id = c;
                Thread thread = new Thread(() -> post(client, controller.baseUrl(), id, batch, counting, stop, records, posts, errors, mine),
                        "client-" + c);
                threads.add(thread);
                thread.start();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            counting.set(true);
            long t0 = System.nanoTime();
            double maxRss = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                maxRss = Math.max(maxRss, Stats.rssMiB(controller.pid()));
            }
            counting.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long counted = records.get();
            long countedPosts = posts.get();
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            }
            double rss = Stats.rssMiB(controller.pid());
            double hwm = Stats.peakRssMiB(controller.pid());
            double[] lat = latencies.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
            System.out.printf("ingest: batch=%d clients=%d seconds=%d jvm=[%s] | %s records/s (%d records, %s POST/s) errors=%d"
                            + " | POST ms p50=%s p99=%s max=%s | controller RSS end=%s MiB max-sampled=%s MiB peak(VmHWM)=%s MiB"
                            + " | db %s MiB | load before %s, after %s%n",
                    batch, clients, seconds, jvm, Stats.f1(counted / elapsed), counted, Stats.f1(countedPosts / elapsed), errors.get(),
                    Stats.f1(Stats.median(lat)), Stats.f1(Stats.percentile(lat, 99)), Stats.f1(Stats.percentile(lat, 100)),
                    Stats.f1(rss), Stats.f1(maxRss), Stats.f1(hwm), Stats.f1(size(data.resolve("backupctl.db")) / 1048576.0),
                    load, Stats.loadAverage());
        }
    }

    private static void post(OkHttpClient client, String base, int id, int batch, AtomicBoolean counting, AtomicBoolean stop,
                             AtomicLong records, AtomicLong posts, AtomicLong errors, List<Double> latencies) {
        long n = 0;
        List<JobRecord> started = new ArrayList<>();
        while (!stop.get()) {
            List<JobRecord> body = new ArrayList<>();
            if (batch == 1) {
                if (started.isEmpty()) {
                    JobRecord running = next(id, n++);
                    started.add(running);
                    body.add(running);
                } else {
                    body.add(Records.success(started.remove(0)));
                }
            } else {
                started.forEach(r -> body.add(Records.success(r)));
                started.clear();
                while (body.size() < batch) {
                    JobRecord running = next(id, n++);
                    body.add(running);
                    if (started.size() < batch / 2) {
                        started.add(running);
                    }
                }
            }
            String json = Json.write(batch == 1 ? body.get(0) : body);
            boolean counted = counting.get();
            long t0 = System.nanoTime();
            try (Response response = client.newCall(new Request.Builder().url(base + "/api/v2/system/notify")
                    .post(RequestBody.create(json, JSON)).build()).execute()) {
                response.body().string();
                if (response.code() != 200) {
                    errors.incrementAndGet();
                    continue;
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                continue;
            }
            if (counted && counting.get()) {
                records.addAndGet(body.size());
                posts.incrementAndGet();
                latencies.add((System.nanoTime() - t0) / 1e6);
            }
        }
    }

    private static JobRecord next(int client, long n) {
        int app = (int) ((client * 7919L + n) % 100);
        return Records.running("ingest-" + client + "-" + n + "-" + System.nanoTime(), Records.app(app), (int) (n % 3) + 1,
                Instant.now());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
