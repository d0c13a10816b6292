package io.backupd.daemon.backup.full;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The fixed pools the parallel streams own: named daemon threads, stopped with the stream. */
final class WorkerThreads {

    private WorkerThreads() {
    }

    static ExecutorService start(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger next = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread t = new Thread(task, name + "-" + next.incrementAndGet());
            // a stream its owner forgot to close must not keep the JVM alive
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    /**
     * Cancels queued work and waits for running tasks, which each handle one block, so that
     * their native compressor state can be freed safely afterwards.
     */
    static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
