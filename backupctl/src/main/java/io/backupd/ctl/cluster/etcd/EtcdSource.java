package io.backupd.ctl.cluster.etcd;

import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.cluster.SourceStatus;
import io.etcd.jetcd.Client;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster state from Lain deployd's pod groups in etcd: an {@link EtcdPodGroupWatcher} keeps the
 * pod groups, and every snapshot it publishes becomes a {@link ClusterState}.
 *
 * <p>etcd being down never empties the state: the watcher keeps the last snapshot, so the plan,
 * and the daemons' job sets, stay as they were until etcd answers again. Until the first listing
 * succeeds the state is empty, and an empty state plans nothing for nobody, so a controller
 * started while etcd is down does not wipe the daemons' jobs either. Listeners are called on the
 * watcher's event thread, only when the converted state changed. Thread-safe.
 */
public final class EtcdSource implements ConfigSource {
    private static final Logger log = LoggerFactory.getLogger(EtcdSource.class);

    private final String endpoints;
    private final Client client;
    private final EtcdWatcherConfig config;
    private final EtcdPodGroupWatcher watcher;
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private volatile ClusterState current = ClusterState.empty(List.of());
    private volatile long revision;

    EtcdSource(String endpoints, Client client, EtcdWatcherConfig config) {
        this.endpoints = endpoints;
        this.client = client;
        this.config = config;
        this.watcher = new EtcdPodGroupWatcher(client, config);
        watcher.addListener(this::publish);
    }

    /** A source on {@code endpoints} (comma-separated {@code http://host:port}); INVALID_ARGUMENT for a bad list. */
    public static EtcdSource connect(String endpoints, EtcdWatcherConfig config) {
        return new EtcdSource(endpoints, EtcdClients.connect(endpoints), config);
    }

    @Override
    public ClusterState current() {
        return current;
    }

    @Override
    public SourceStatus status() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("endpoints", endpoints);
        details.put("prefix", config.prefix());
        details.put("revision", revision);
        details.put("relists", watcher.relists());
        return new SourceStatus("etcd", watcher.connected(), watcher.lastError().orElse(null), details);
    }

    @Override
    public void addListener(Consumer<ClusterState> listener) {
        listeners.add(listener);
    }

    @Override
    public void start() {
        watcher.start();
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } finally {
            client.close();
        }
    }

    private synchronized void publish(Snapshot snapshot) {
        revision = snapshot.revision();
        ClusterState next = SnapshotConversion.toState(snapshot, config.prefix());
        if (next.equals(current)) {
            return;
        }
        current = next;
        log.info("etcd revision {}: {} app(s) on {} node(s), {} problem(s)", snapshot.revision(), next.apps().size(),
                next.nodes().size(), next.problems().size());
        for (Consumer<ClusterState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.error("a cluster state listener failed", e);
            }
        }
    }
}
