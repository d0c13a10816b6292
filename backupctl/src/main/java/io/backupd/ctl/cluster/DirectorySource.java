package io.backupd.ctl.cluster;

import io.backupd.common.error.BackupException;
import io.backupd.common.spec.AppDeclaration;
import io.backupd.common.spec.LainYamlParser;
import io.backupd.common.spec.ProcDeclaration;
import io.backupd.ctl.cluster.ClusterState.App;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.cluster.ClusterState.Problem;
import io.backupd.ctl.cluster.ClusterState.Proc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster state from a folder of lain.yaml files ({@code *.yaml}, {@code *.yml}), for standalone
 * use and small clusters without etcd. The folder carries no placement, so each proc gets the
 * declared number of instances placed round robin on the configured nodes (instance N on
 * {@code nodes[(N-1) % size]}) and no containers.
 *
 * <p>The folder is polled rather than watched: inotify misses changes on network file systems
 * and through some editors' rename dance, and a scan of a few small files is cheap. A file that
 * does not parse, or that declares an app another file already declared, is a problem and is
 * skipped; every other app keeps working.
 */
public final class DirectorySource implements ConfigSource {
    private static final Logger log = LoggerFactory.getLogger(DirectorySource.class);

    private final FolderScanner scanner;
    private final List<String> nodes;
    private final LainYamlParser parser;
    private final Duration pollInterval;
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;
    private List<FolderScanner.YamlFile> lastFiles;
    private volatile ClusterState current;

    public DirectorySource(Path folder, List<String> nodes, LainYamlParser parser, Duration pollInterval) {
        if (nodes.isEmpty()) {
            throw BackupException.invalid("a directory source needs at least one node to place instances on");
        }
        this.scanner = new FolderScanner(folder);
        this.nodes = List.copyOf(nodes);
        this.parser = parser;
        this.pollInterval = pollInterval;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "directory-source");
            t.setDaemon(true);
            return t;
        });
        this.current = ClusterState.empty(this.nodes);
        refresh();
    }

    @Override
    public ClusterState current() {
        return current;
    }

    @Override
    public SourceStatus status() {
        // read from the published state: the scanner's own list is only safe on the polling thread
        String folder = scanner.folder().toString();
        String error = current.problems().stream().filter(p -> p.source().equals(folder)).map(Problem::message)
                .findFirst().orElse(null);
        return new SourceStatus("directory", error == null, error, Map.of("folder", folder, "nodes", nodes));
    }

    @Override
    public void addListener(Consumer<ClusterState> listener) {
        listeners.add(listener);
    }

    @Override
    public void start() {
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /**
     * Scans the folder now and, when any file changed, rebuilds the state and tells the listeners
     * (on the caller's thread). Returns whether the state changed. Serialised with the poller.
     */
    public synchronized boolean refresh() {
        List<FolderScanner.YamlFile> files = scanner.scan();
        if (files.equals(lastFiles)) {
            return false;
        }
        lastFiles = files;
        ClusterState next = build(files);
        if (next.equals(current)) {
            return false;
        }
        current = next;
        log.info("apps folder {}: {} app(s), {} problem(s)", scanner.folder(), next.apps().size(), next.problems().size());
        for (Consumer<ClusterState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.error("a cluster state listener failed", e);
            }
        }
        return true;
    }

    private void pollQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // a poll that fails must not cancel the schedule; the next one tries again
            log.error("scanning {} failed", scanner.folder(), e);
        }
    }

    private ClusterState build(List<FolderScanner.YamlFile> files) {
        Map<String, App> apps = new TreeMap<>();
        List<Problem> problems = new ArrayList<>(scanner.problems());
        for (FolderScanner.YamlFile file : files) {
            if (file.error() != null) {
                problems.add(new Problem(file.name(), file.error()));
                continue;
            }
            AppDeclaration declaration;
            try {
                declaration = parser.parse(file.text(), file.name());
            } catch (BackupException e) {
                log.warn("skipping {}: {}", file.name(), e.getMessage());
                problems.add(new Problem(file.name(), e.getMessage()));
                continue;
            }
            App previous = apps.get(declaration.appname());
            if (previous != null) {
                String why = "app " + declaration.appname() + " is already declared in " + previous.source() + "; this file is skipped";
                log.warn("skipping {}: {}", file.name(), why);
                problems.add(new Problem(file.name(), why));
                continue;
            }
            declaration.notes().forEach(note -> problems.add(new Problem(file.name(), note)));
            apps.put(declaration.appname(), app(declaration, file.name()));
        }
        return new ClusterState(nodes, new TreeMap<>(apps), problems);
    }

    private App app(AppDeclaration declaration, String source) {
        Map<String, Proc> procs = new TreeMap<>();
        for (ProcDeclaration proc : declaration.procs()) {
            List<Instance> instances = new ArrayList<>();
            for (int n = 1; n <= proc.numInstances(); n++) {
                instances.add(new Instance(n, nodes.get((n - 1) % nodes.size()), List.of()));
            }
            procs.put(proc.fullName(), new Proc(proc.fullName(), instances, proc.backups()));
        }
        return new App(declaration.appname(), source, new TreeMap<>(procs));
    }
}
