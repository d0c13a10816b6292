package io.backupd.bench.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.bench.Stats;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Measures one thing at a time, the daemon or a peer, the same way: dirty pages written out
 * first, the caller has warmed the input, the load average read, then the timed part, then one
 * CSV line. A daemon measurement runs from just before the HTTP request that starts the run to the
 * arrival of its finished record; the daemon's CPU and memory are sampled over exactly that window.
 */
final class Harness {
    /** A daemon run: its line and its finished record (whose result names what it made). */
    record DaemonRun(Measurement measurement, RecordInbox.Finished finished) {
    }

    /** Several daemon runs started at once: one line for all, and each one's finished record, in order. */
    record DaemonRuns(Measurement measurement, List<RecordInbox.Finished> finished) {
    }

    final BenchLayout layout;
    final Shell shell;
    final FreshFs fresh;
    final DaemonClient client;
    private final RecordInbox inbox;
    private final DaemonSampler sampler;
    private final Duration pollEvery;
    private final PrintWriter csv;
    private final List<Measurement> all = new ArrayList<>();
    private int seq;

    Harness(BenchLayout layout, Shell shell, FreshFs fresh, DaemonClient client, RecordInbox inbox, DaemonSampler sampler,
            Duration pollEvery, PrintWriter csv) {
        this.layout = layout;
        this.shell = shell;
        this.fresh = fresh;
        this.client = client;
        this.inbox = inbox;
        this.sampler = sampler;
        this.pollEvery = pollEvery;
        this.csv = csv;
        csv.println(String.join(",", Measurement.COLUMNS));
        csv.flush();
    }

    /**
     * Times one daemon run that {@code request} starts (it sends the HTTP request and returns the
     * rid). A failed run is returned too, not logged: the caller decides whether it may be skipped.
     */
    DaemonRun daemon(int round, String scenario, String tool, Supplier<String> request) throws IOException, InterruptedException {
        DaemonRuns runs = daemonAll(round, scenario, tool, List.of(request));
        return new DaemonRun(runs.measurement(), runs.finished().get(0));
    }

    /**
     * Times daemon runs started together: the requests are sent one after another, then the window
     * lasts until the last of their records is finished. Failed runs are returned too, not logged:
     * the caller decides whether one may be skipped.
     */
    DaemonRuns daemonAll(int round, String scenario, String tool, List<Supplier<String>> requests)
            throws IOException, InterruptedException {
        shell.sync();
        double load = load1();
        DaemonSampler.Window window = sampler.begin();
        long t0 = System.nanoTime();
        List<RecordInbox.Finished> done = new ArrayList<>();
        try {
            List<String> rids = new ArrayList<>();
            for (Supplier<String> request : requests) {
                rids.add(request.get());
            }
            for (String rid : rids) {
                done.add(inbox.await(rid, client, pollEvery, Duration.ofHours(3)));
            }
        } catch (RuntimeException | InterruptedException e) {
            window.end();
            throw e;
        }
        DaemonSampler.Usage usage = window.end();
        RecordInbox.Finished last = done.stream().max(Comparator.comparingLong(RecordInbox.Finished::nanos))
                .orElseThrow();
        String note = usage.hwmReset() ? "" : "VmHWM not reset (not root): lifetime peak";
        // the record's own duration says something only when one run filled the window
        double recordSeconds = done.size() == 1 ? recordSeconds(last) : Double.NaN;
        Measurement m = new Measurement(round, ++seq, scenario, tool, (last.nanos() - t0) / 1e9, usage.cpuSeconds(),
                usage.peakRssMiB(), usage.hwmMiB(), 0, 0, load, last.via(), recordSeconds, note);
        return new DaemonRuns(m, List.copyOf(done));
    }

    /** A daemon run that is not measured (warm-up): started by {@code request}, required to succeed. */
    JsonNode untimed(String what, Supplier<String> request) throws InterruptedException {
        return inbox.await(request.get(), client, pollEvery, Duration.ofHours(3)).requireSuccess(what);
    }

    /** Times {@code command} (a peer tool) under GNU time. */
    Measurement peer(int round, String scenario, String tool, String command) throws IOException, InterruptedException {
        shell.sync();
        double load = load1();
        Shell.Timed t = shell.timed(command);
        return new Measurement(round, ++seq, scenario, tool, t.wallSeconds(), t.cpuSeconds(), Double.NaN, t.maxRssKiB() / 1024.0,
                0, 0, load, "-", Double.NaN, "");
    }

    /** Writes the line to the CSV and prints it. */
    void log(Measurement m) {
        all.add(m);
        csv.println(m.csv());
        csv.flush();
        System.out.printf(Locale.ROOT, "  %-13s %-9s round %d: load %5.2f, %8.2f s wall, %8.2f s cpu, %7.1f MiB rss%s%s%s%s%n",
                m.scenario(), m.tool(), m.round(), m.load1(), m.wallS(), m.cpuS(), m.rssHwmMiB(),
                m.sizeBytes() > 0 ? String.format(Locale.ROOT, ", %.2f MB", m.sizeBytes() / 1e6) : "",
                m.addedBytes() != 0 ? String.format(Locale.ROOT, " (+%.2f MB)", m.addedBytes() / 1e6) : "",
                m.ours() ? String.format(Locale.ROOT, " [%s; record %.2f s]", m.via(), m.recordS()) : "",
                m.note().isEmpty() ? "" : " — " + m.note());
    }

    List<Measurement> measurements() {
        return List.copyOf(all);
    }

    /** {@code tools} as given on odd rounds, reversed on even ones. */
    static <T> List<T> order(int round, List<T> tools) {
        List<T> out = new ArrayList<>(tools);
        if (round % 2 == 0) {
            Collections.reverse(out);
        }
        return out;
    }

    private static double load1() {
        return Double.parseDouble(Stats.loadAverage().split(" ")[0]);
    }

    private static double recordSeconds(RecordInbox.Finished done) {
        try {
            java.time.Instant start = java.time.Instant.parse(done.record().path("start").asText());
            java.time.Instant end = java.time.Instant.parse(done.record().path("end").asText());
            return Duration.between(start, end).toNanos() / 1e9;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
