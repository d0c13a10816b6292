package io.backupd.ctl.cluster;

import java.util.function.Consumer;

/**
 * Where the controller learns the cluster's state (a folder of lain.yaml files, or etcd).
 *
 * <p>{@link #current()} is valid before {@link #start()} (the initial state, possibly empty) and
 * always returns a complete, consistent snapshot. Listeners are called on the thread that saw the
 * change, one state at a time and in order, only when the state changed; a listener must not block
 * for long, and its exceptions are logged and never stop the source. A malformed entry never stops the
 * source: it is skipped and reported in {@link ClusterState#problems()}. Thread-safe.
 */
public interface ConfigSource extends AutoCloseable {

    ClusterState current();

    /** Whether the source reaches its backing store, and facts an operator needs when it does not. */
    SourceStatus status();

    void addListener(Consumer<ClusterState> listener);

    /** Begins watching for changes; calling it twice is an error. */
    void start();

    /** Stops watching; idempotent. */
    @Override
    void close();
}
