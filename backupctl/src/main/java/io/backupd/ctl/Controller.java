package io.backupd.ctl;

import io.backupd.http.ApiServer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running controller: what {@link Backupctl#start} built, closed in reverse order of start. */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private ApiServer api;
    private String advertise;

    void started(AutoCloseable resource) {
        started.push(resource);
    }

    void serving(ApiServer api, String advertise) {
        this.api = api;
        this.advertise = advertise;
        started(api);
    }

    public int port() {
        return api.port();
    }

    /** The URL daemons are told to report to, without the path. */
    public String advertise() {
        return advertise;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                // keep closing the rest: a half-closed controller must still release its database
                log.warn("closing {} failed", resource.getClass().getSimpleName(), e);
            }
        }
    }
}
