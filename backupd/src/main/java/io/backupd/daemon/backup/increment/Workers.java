package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A few threads, each with its own reusable state (buffers, codec), working off a short bounded
 * queue: the submitter blocks when they fall behind, so memory stays bounded. The first failure stops
 * the rest and is rethrown to the submitter. Submit and finish from one thread.
 */
final class Workers<S extends AutoCloseable> implements AutoCloseable {
    /** Work for one thread, run with that thread's state. */
    interface Task<S> {
        void run(S state) throws Exception;
    }

    private final Task<S> poison = s -> { };
    private final BlockingQueue<Task<S>> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean stopped;

    Workers(String name, int count, Supplier<S> state) {
        this.queue = new ArrayBlockingQueue<>(4 * count);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> work(state), name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void submit(Task<S> task) {
        rethrow();
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.INTERNAL, "interrupted", e);
        }
    }

    /** Waits until every submitted task ran; rethrows the first failure. */
    void finish() {
        finish(() -> { });
    }

    /**
     * Waits until every submitted task ran, calling {@code heartbeat} about once a second meanwhile (a
     * long restore keeps refreshing its lock); rethrows the first failure.
     */
    void finish(Runnable heartbeat) {
        stop(heartbeat);
        rethrow();
    }

    @Override
    public void close() {
        if (!stopped) {
            failure.compareAndSet(null, new IllegalStateException("abandoned"));
            stop(() -> { });
        }
    }

    @SuppressWarnings("try") // the state is closed for its native resources; InterruptedException is not expected
    private void work(Supplier<S> factory) {
        try (S state = factory.get()) {
            while (true) {
                Task<S> task = queue.take();
                if (task == poison) {
                    return;
                }
                if (failure.get() == null) {
                    try {
                        task.run(state);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void stop(Runnable heartbeat) {
        stopped = true;
        try {
            for (int i = 0; i < threads.size(); i++) {
                queue.put(poison);
            }
            for (Thread t : threads) {
                while (t.isAlive()) {
                    t.join(1000);
                    heartbeat.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.INTERNAL, "interrupted", e);
        }
    }

    /** Rethrows the first failure of a task, if any, without waiting. */
    void check() {
        rethrow();
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t instanceof BackupException b) {
            throw b;
        }
        if (t != null) {
            throw new BackupException(ErrorCode.INTERNAL, t.toString(), t);
        }
    }
}
