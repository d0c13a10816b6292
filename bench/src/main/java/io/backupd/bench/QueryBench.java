package io.backupd.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /api/v2/app/:app/cron/records?total=100} against a real controller process started on
 * a database that {@link RecordLoader} filled: {@code warmup} requests first (not counted), then
 * {@code gets} sequential requests over one keep-alive connection, cycling through {@code queryApps}
 * apps. Prints latency p50/p95/p99/max as the client sees it, and the controller's resident
 * memory right after start, after the warm-up and after the measured run.
 *
 * <p>Usage: {@code QueryBench jar=backupctl.jar dir=DIR [jvm="-Xmx512m"] [gets=2000] [warmup=500]
 * [queryApps=5] [total=100]}
 */
public final class QueryBench {
    private QueryBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args);
        Path jar = Path.of(Args.of(opts, "jar", "../backupctl/target/backupctl.jar"));
        Path dir = Path.of(Args.of(opts, "dir", "data/query"));
        String jvm = Args.of(opts, "jvm", "");
        int gets = Args.intOf(opts, "gets", 2000);
        int warmup = Args.intOf(opts, "warmup", 500);
        int queryApps = Args.intOf(opts, "queryApps", 5);
        int total = Args.intOf(opts, "total", 100);
        String load = Stats.loadAverage();

        long startNs = System.nanoTime();
        try (ControllerProcess controller = ControllerProcess.start(jar, jvm, dir)) {
            double startSeconds = (System.nanoTime() - startNs) / 1e9;
            double rssStarted = Stats.rssMiB(controller.pid());
            OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
            for (int i = 0; i < warmup; i++) {
                get(client, controller.baseUrl(), Records.app(i % 100), total);
            }
            double rssWarm = Stats.rssMiB(controller.pid());
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < gets; i++) {
                String app = Records.app((i % queryApps) * (100 / Math.max(1, queryApps)));
                long t0 = System.nanoTime();
                get(client, controller.baseUrl(), app, total);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            double rssAfter = Stats.rssMiB(controller.pid());
            double hwm = Stats.peakRssMiB(controller.pid());
            double[] lat = Stats.toArray(ms);
            System.out.printf("query: total=%d gets=%d apps=%d jvm=[%s] | ms p50=%s p95=%s p99=%s max=%s"
                            + " | controller RSS after start=%s MiB after warm-up=%s after run=%s peak(VmHWM)=%s | start %s s"
                            + " | load before %s, after %s%n",
                    total, gets, queryApps, jvm, Stats.f2(Stats.median(lat)), Stats.f2(Stats.percentile(lat, 95)),
                    Stats.f2(Stats.percentile(lat, 99)), Stats.f2(Stats.percentile(lat, 100)), Stats.f1(rssStarted),
                    Stats.f1(rssWarm), Stats.f1(rssAfter), Stats.f1(hwm), Stats.f1(startSeconds), load, Stats.loadAverage());
        }
    }

    private static void get(OkHttpClient client, String base, String app, int total) throws IOException {
        Request request = new Request.Builder().url(base + "/api/v2/app/" + app + "/cron/records?total=" + total).build();
        try (Response response = client.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != 200 || !body.startsWith("[{")) {
                throw new IllegalStateException("GET " + request.url() + ": " + response.code() + " " + body);
            }
        }
    }
}
