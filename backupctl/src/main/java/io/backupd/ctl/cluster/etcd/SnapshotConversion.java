package io.backupd.ctl.cluster.etcd;

import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ClusterState.App;
import io.backupd.ctl.cluster.ClusterState.Container;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.cluster.ClusterState.Problem;
import io.backupd.ctl.cluster.ClusterState.Proc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A pod group {@link Snapshot} as the controller's {@link ClusterState}. Pure.
 *
 * <p>An instance runs on the node of its containers ({@code NodeIp}); its container ids go along
 * for the hooks. An instance deployd has not placed yet (no node ip) or whose node ip is not an
 * IPv4 address is left out and named in the problems: job ids are derived from the node ip, and
 * one bad value must not stop every other app from being planned. The nodes of the state are the
 * nodes that run any instance, so a node that lost its last instance leaves the plan.
 */
final class SnapshotConversion {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private SnapshotConversion() {
    }

    static ClusterState toState(Snapshot snapshot, String prefix) {
        List<Problem> problems = new ArrayList<>();
        snapshot.problems().forEach((key, message) -> problems.add(new Problem(key, message)));
        SortedMap<String, SortedMap<String, Proc>> procsByApp = new TreeMap<>();
        TreeSet<String> nodes = new TreeSet<>();
        for (Map.Entry<String, PodGroup> entry : snapshot.groups().entrySet()) {
            PodGroup group = entry.getValue();
            List<Instance> instances = new ArrayList<>();
            for (PodGroup.Instance pod : group.instances()) {
                instance(entry.getKey(), pod, problems).ifPresent(instance -> {
                    instances.add(instance);
                    nodes.add(instance.nodeIp());
                });
            }
            instances.sort(java.util.Comparator.comparingInt(Instance::instanceNo));
            procsByApp.computeIfAbsent(group.app(), a -> new TreeMap<>())
                    .put(group.procFullName(), new Proc(group.procFullName(), instances, group.specs()));
        }
        SortedMap<String, App> apps = new TreeMap<>();
        procsByApp.forEach((app, procs) -> apps.put(app, new App(app, "etcd " + prefix + app + "/", procs)));
        return new ClusterState(List.copyOf(nodes), apps, problems);
    }

    private static java.util.Optional<Instance> instance(String key, PodGroup.Instance pod, List<Problem> problems) {
        String node = pod.containers().stream().map(PodGroup.Container::nodeIp).filter(ip -> !ip.isEmpty())
                .findFirst().orElse("");
        if (node.isEmpty()) {
            problems.add(new Problem(key, "instance " + pod.instanceNo() + " has no NodeIp yet (not placed); it is not backed up until it is"));
            return java.util.Optional.empty();
        }
        if (!IPV4.matcher(node).matches()) {
            problems.add(new Problem(key, "instance " + pod.instanceNo() + " has NodeIp '" + node + "', not an IPv4 address; it is skipped"));
            return java.util.Optional.empty();
        }
        List<Container> containers = new ArrayList<>();
        for (PodGroup.Container c : pod.containers()) {
            if (!c.id().isEmpty()) {
                containers.add(new Container(c.id(), c.nodeIp().isEmpty() ? node : c.nodeIp()));
            }
            if (!c.nodeIp().isEmpty() && !c.nodeIp().equals(node)) {
                // a pod's containers share one node in Lain; if not, the volume is where the first one runs
                problems.add(new Problem(key, "instance " + pod.instanceNo() + " has containers on " + node + " and "
                        + c.nodeIp() + "; backing up on " + node));
            }
        }
        return java.util.Optional.of(new Instance(pod.instanceNo(), node, containers));
    }
}
