package io.backupd.bench.daemon;

import java.util.List;
import java.util.Locale;

/**
 * One measured command or daemon run: a CSV line. Tools whose name starts with {@code ours} are the
 * daemon; the others are peers. See the README's "Daemon" section for what each column means.
 *
 * @param round       1..RUNS
 * @param seq         position in the whole run (shows the order the tools ran in)
 * @param scenario    full-create, full-restore, inc-first, inc-mutated, inc-unchanged, inc-restore
 * @param tool        ours, ours-zst, tar-gzip, tar-pigz, tar-zstd, tar-xzf, restic, rsync
 * @param wallS       daemon: HTTP request sent → finished record received; peer: the command's wall time
 * @param cpuS        daemon: utime+stime delta of the daemon process; peer: user+sys of the command's processes
 * @param rssPeakMiB  daemon: highest VmRSS sampled during the scenario; peer: NaN (not sampled)
 * @param rssHwmMiB   daemon: VmHWM after a reset at the start; peer: max RSS of its largest process
 * @param sizeBytes   full-create: the archive; inc-*: the repository or mirror after the step; restores: 0
 * @param addedBytes  inc-*: growth of the repository or mirror during the step; otherwise 0
 * @param load1       1-minute load average just before the measurement
 * @param via         daemon: how the finished record arrived, push (notify) or poll; peer: "-"
 * @param recordS     daemon: the record's own end − start; peer: NaN
 * @param note        anything worth knowing (empty mostly)
 */
record Measurement(int round, int seq, String scenario, String tool, double wallS, double cpuS, double rssPeakMiB,
                   double rssHwmMiB, long sizeBytes, long addedBytes, double load1, String via, double recordS, String note) {

    static final List<String> COLUMNS = List.of("round", "seq", "scenario", "tool", "wall_s", "cpu_s", "rss_peak_mib",
            "rss_hwm_mib", "size_bytes", "added_bytes", "load1", "via", "record_s", "note");

    boolean ours() {
        return tool.startsWith("ours");
    }

    Measurement withSizes(long size, long added) {
        return new Measurement(round, seq, scenario, tool, wallS, cpuS, rssPeakMiB, rssHwmMiB, size, added, load1, via, recordS, note);
    }

    String csv() {
        return String.join(",", Integer.toString(round), Integer.toString(seq), scenario, tool, f(wallS, 3), f(cpuS, 3),
                f(rssPeakMiB, 1), f(rssHwmMiB, 1), Long.toString(sizeBytes), Long.toString(addedBytes), f(load1, 2), via,
                f(recordS, 3), note.replace(',', ';').replace('\n', ' '));
    }

    static Measurement parse(String line) {
        String[] f = line.split(",", -1);
        return new Measurement(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], f[3], d(f[4]), d(f[5]), d(f[6]), d(f[7]),
                Long.parseLong(f[8]), Long.parseLong(f[9]), d(f[10]), f[11], d(f[12]), f.length > 13 ? f[13] : "");
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double d(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }
}
