package io.backupd.bench.daemon;

import io.backupd.bench.Stats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The summary of a {@code daemon.sh} CSV: medians per scenario and tool, then medians of
 * per-round ratios ours / peer (a ratio below 1 means the daemon needed less). Rerun on a CSV with
 * {@code java -cp bench.jar io.backupd.bench.daemon.DaemonSummary results/daemon-....csv}.
 */
public final class DaemonSummary {
    private DaemonSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DaemonSummary RESULTS.csv");
            System.exit(2);
        }
        print(read(Path.of(args[0])), System.out);
    }

    static List<Measurement> read(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(Measurement::parse).toList();
    }

    static void print(List<Measurement> rows, PrintStream out) {
        Map<String, Map<String, List<Measurement>>> by = new LinkedHashMap<>();
        for (Measurement m : rows) {
            by.computeIfAbsent(m.scenario(), k -> new LinkedHashMap<>()).computeIfAbsent(m.tool(), k -> new ArrayList<>()).add(m);
        }
        out.println();
        out.println("medians per scenario and tool (wall: request → finished record for ours; rss: VmHWM for ours, max RSS"
                + " of the largest process for peers; size: archive, or repository/mirror after the step; added: its growth)");
        out.printf(Locale.ROOT, "%-13s %-9s %4s %5s %8s %8s %8s %9s %9s %10s%n", "scenario", "tool", "runs", "load", "wall s",
                "cpu s", "rss MiB", "size MB", "added MB", "record s");
        by.forEach((scenario, tools) -> tools.forEach((tool, ms) -> out.printf(Locale.ROOT,
                "%-13s %-9s %4d %5.2f %8.2f %8.2f %8.1f %9s %9s %10s%n", scenario, tool, ms.size(), med(ms, Measurement::load1),
                med(ms, Measurement::wallS), med(ms, Measurement::cpuS), med(ms, Measurement::rssHwmMiB),
                scenario.endsWith("-restore") ? "-" : mb(ms, m -> m.sizeBytes()),
                scenario.startsWith("inc-") && !scenario.endsWith("-restore") ? mb(ms, m -> m.addedBytes()) : "-",
                Double.isNaN(med(ms, Measurement::recordS)) ? "-" : Stats.f2(med(ms, Measurement::recordS)))));

        out.println();
        out.println("ratios ours / peer, median of per-round ratios (< 1: ours needs less; size: archive for full-create,"
                + " repository after the step for inc-first, its growth for inc-mutated and inc-unchanged)");
        out.printf(Locale.ROOT, "%-13s %-9s %-9s %4s %7s %7s %7s %7s%n", "scenario", "ours", "peer", "runs", "wall", "cpu", "rss", "size");
        by.forEach((scenario, tools) -> tools.keySet().stream().filter(t -> t.startsWith("ours")).forEach(ours -> tools.keySet()
                .stream().filter(peer -> !peer.startsWith("ours") && (!ours.equals("ours-zst") || peer.equals("tar-zstd")))
                .forEach(peer -> {
                    Map<Integer, Measurement> a = byRound(tools.get(ours));
                    Map<Integer, Measurement> b = byRound(tools.get(peer));
                    List<Integer> rounds = a.keySet().stream().filter(b::containsKey).toList();
                    ToDoubleFunction<Measurement> size = sizeOf(scenario);
                    out.printf(Locale.ROOT, "%-13s %-9s %-9s %4d %7s %7s %7s %7s%n", scenario, ours, peer, rounds.size(),
                            ratio(rounds, a, b, Measurement::wallS), ratio(rounds, a, b, Measurement::cpuS),
                            ratio(rounds, a, b, Measurement::rssHwmMiB), size == null ? "-" : ratio(rounds, a, b, size));
                })));
    }

    private static ToDoubleFunction<Measurement> sizeOf(String scenario) {
        return switch (scenario) {
            case "full-create", "inc-first" -> m -> m.sizeBytes();
            case "inc-mutated", "inc-unchanged" -> m -> m.addedBytes();
            default -> null;
        };
    }

    private static Map<Integer, Measurement> byRound(List<Measurement> ms) {
        return ms.stream().collect(Collectors.toMap(Measurement::round, m -> m, (x, y) -> x, LinkedHashMap::new));
    }

    private static String ratio(List<Integer> rounds, Map<Integer, Measurement> a, Map<Integer, Measurement> b,
                                ToDoubleFunction<Measurement> f) {
        List<Double> ratios = new ArrayList<>();
        for (int r : rounds) {
            double x = f.applyAsDouble(a.get(r));
            double y = f.applyAsDouble(b.get(r));
            if (y > 0 && !Double.isNaN(x) && !Double.isNaN(y)) {
                ratios.add(x / y);
            }
        }
        return ratios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f", Stats.median(Stats.toArray(ratios)));
    }

    private static double med(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        double[] values = ms.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray();
        return values.length == 0 ? Double.NaN : Stats.median(values);
    }

    private static String mb(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        double v = med(ms, f);
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v / 1e6);
    }
}
