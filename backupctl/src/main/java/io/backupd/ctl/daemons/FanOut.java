package io.backupd.ctl.daemons;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Asks several daemons the same thing at once, each bounded by a deadline, so one dead node costs
 * one timeout, not one per node. A node that cannot be reached, answers 5xx or misses the deadline
 * is named in {@link Result#unreachable()} and the others' answers are kept; a 4xx answer means the
 * request itself was wrong and is rethrown (the first one, in node order). Thread-safe.
 */
public final class FanOut implements AutoCloseable {
    private static final int THREADS = 16;

    private final ExecutorService pool;
    private final Duration deadline;

    public FanOut(Duration deadline) {
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "fan-out-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.deadline = deadline;
    }

    /**
     * What the nodes answered, in the order asked.
     *
     * @param answers     node → answer, for the nodes that answered
     * @param unreachable the nodes that did not, in the order asked
     */
    public record Result<T>(Map<String, T> answers, List<String> unreachable) {
        public Result {
            answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
            unreachable = List.copyOf(unreachable);
        }

        /** NODE_UNREACHABLE naming every node when none answered; otherwise this. */
        public Result<T> requireAny(String what) {
            if (answers.isEmpty() && !unreachable.isEmpty()) {
                throw new BackupException(ErrorCode.NODE_UNREACHABLE, "no daemon answered " + what + " (asked "
                        + String.join(", ", unreachable) + ")", Map.of("unreachable", unreachable), null);
            }
            return this;
        }
    }

    public <T> Result<T> ask(Collection<String> nodes, Function<String, T> call) {
        Map<String, Future<T>> pending = new LinkedHashMap<>();
        for (String node : nodes) {
            pending.put(node, pool.submit(() -> call.apply(node)));
        }
        long end = System.nanoTime() + deadline.toNanos();
        Map<String, T> answers = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        BackupException refused = null;
        for (Map.Entry<String, Future<T>> entry : pending.entrySet()) {
            try {
                answers.put(entry.getKey(), entry.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                unreachable.add(entry.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BackupException b && b.code().httpStatus() < 500) {
                    refused = refused == null ? b : refused;
                } else {
                    unreachable.add(entry.getKey());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupException(ErrorCode.INTERNAL, "interrupted while asking the daemons", e);
            }
        }
        if (refused != null) {
            throw refused;
        }
        return new Result<>(answers, unreachable);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
