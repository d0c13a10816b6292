package io.backupd.cron;

import io.backupd.testing.Await;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task that blocks until the test opens the gate (or the engine cancels it), so a test controls
 * exactly how long a run lasts.
 */
final class Gate implements Task {
    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();
    private volatile boolean sawCancel;

    @Override
    public Map<String, Object> run(TaskContext context) throws InterruptedException {
        entered.incrementAndGet();
        context.progress().total(100, 1);
        context.progress().advance(40, 0);
        while (!open.await(5, TimeUnit.MILLISECONDS)) {
            if (context.cancelled()) {
                sawCancel = true;
                throw new IllegalStateException("cancelled");
            }
        }
        return Map.of("gate", "passed");
    }

    void open() {
        open.countDown();
    }

    int entered() {
        return entered.get();
    }

    void awaitEntered(int runs) {
        Await.until(runs + " run(s) to enter the gate", () -> entered.get() >= runs);
    }

    boolean sawCancel() {
        return sawCancel;
    }
}
