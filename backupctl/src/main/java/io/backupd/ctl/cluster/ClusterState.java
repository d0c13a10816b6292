package io.backupd.ctl.cluster;

import io.backupd.common.spec.BackupSpec;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the controller knows about the cluster at one moment: the nodes daemons run on, each app's
 * procs with their running instances and backup specs, and the entries a source skipped. Immutable;
 * maps are sorted so that everything derived from a state (plans, listings) has a stable order.
 *
 * @param nodes    every node a daemon is expected on, even one that currently runs nothing: it
 *                 must still be told its (possibly empty) job set
 * @param apps     app name → app
 * @param problems entries the source skipped, so an operator can see why an app has no jobs
 */
public record ClusterState(List<String> nodes, SortedMap<String, App> apps, List<Problem> problems) {

    public ClusterState {
        nodes = List.copyOf(nodes);
        apps = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(apps));
        problems = List.copyOf(problems);
    }

    public static ClusterState empty(List<String> nodes) {
        return new ClusterState(nodes, new TreeMap<>(), List.of());
    }

    /** One app; {@code source} names where it was declared (a file name, an etcd key). */
    public record App(String name, String source, SortedMap<String, Proc> procs) {
        public App {
            procs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(procs));
        }
    }

    /** One proc by full name ({@code app.type.name}) with its instances and the backups declared for it. */
    public record Proc(String fullName, List<Instance> instances, List<BackupSpec> backups) {
        public Proc {
            instances = List.copyOf(instances);
            backups = List.copyOf(backups);
        }
    }

    /**
     * One running instance. {@code nodeIp} is the node the instance's volumes live on and so the
     * daemon that must back them up; {@code containers} are where the hooks run (empty when the
     * source does not know them).
     */
    public record Instance(int instanceNo, String nodeIp, List<Container> containers) {
        public Instance {
            containers = List.copyOf(containers);
        }
    }

    public record Container(String id, String nodeIp) {
    }

    /** An entry that was skipped: where it came from and why. */
    public record Problem(String source, String message) {
    }
}
