package io.backupd.bench.daemon;

import io.backupd.bench.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one scenario costs the daemon process: CPU time (utime + stime of all its threads, from
 * {@code /proc/<pid>/stat}, as a delta over the scenario), the highest VmRSS seen by sampling
 * {@code /proc/<pid>/status} every {@code sampleMillis}, and VmHWM, the kernel's own peak, reset
 * at the start of the scenario ({@code echo 5 > /proc/<pid>/clear_refs}, root only) so that it is
 * the scenario's peak rather than the process's lifetime peak.
 */
final class DaemonSampler {
    /** The cost of one scenario. {@code hwmReset} false: VmHWM is the lifetime peak (reset refused). */
    record Usage(double cpuSeconds, double peakRssMiB, double hwmMiB, boolean hwmReset) {
    }

    private final long pid;
    private final long ticksPerSecond;
    private final int sampleMillis;

    DaemonSampler(long pid, long ticksPerSecond, int sampleMillis) {
        this.pid = pid;
        this.ticksPerSecond = ticksPerSecond;
        this.sampleMillis = sampleMillis;
    }

    /** Starts measuring: resets VmHWM, reads the CPU ticks, starts the VmRSS sampling thread. */
    Window begin() {
        return new Window();
    }

    final class Window {
        private final boolean hwmReset = resetHwm();
        private final long ticks0 = cpuTicks();
        private volatile boolean stop;
        private volatile double peak = Stats.rssMiB(pid);
        private final Thread thread = new Thread(this::sample, "rss-sampler");

        private Window() {
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            while (!stop) {
                peak = Math.max(peak, Stats.rssMiB(pid));
                try {
                    Thread.sleep(sampleMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Stops measuring and says what the scenario cost. */
        Usage end() throws InterruptedException {
            long ticks1 = cpuTicks();
            stop = true;
            thread.interrupt();
            thread.join();
            double last = Stats.rssMiB(pid);
            return new Usage((ticks1 - ticks0) / (double) ticksPerSecond, Math.max(peak, last), Stats.peakRssMiB(pid), hwmReset);
        }
    }

    private boolean resetHwm() {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** utime + stime of the process (all threads), in clock ticks. */
    long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces and parentheses: fields are counted after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + e, e);
        }
    }
}
