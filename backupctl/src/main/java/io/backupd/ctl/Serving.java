package io.backupd.ctl;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a started controller running until the JVM is asked to stop, then closes it cleanly. */
final class Serving {
    private static final Logger log = LoggerFactory.getLogger(Serving.class);

    private Serving() {
    }

    /** Blocks until shutdown (SIGTERM, Ctrl-C), then closes {@code running}. Returns the exit code, 0. */
    static int serve(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            try {
                running.close();
            } catch (Exception e) {
                log.warn("closing {} failed", running.getClass().getSimpleName(), e);
            }
            stopped.countDown();
        }, "backupctl-shutdown"));
        stopped.await();
        return 0;
    }
}
