package io.backupd.ctl.cluster.etcd;

import io.backupd.common.spec.BackupSpec;
import java.util.List;

/**
 * One Lain pod group as deployd stores it under {@code /lain/deployd/pod_groups/<app>/<proc>}:
 * the proc, the backups its annotation declares, and where its instances run. Immutable.
 *
 * @param procFullName {@code app.type.name} ({@code Spec.Name})
 * @param app          the app the proc belongs to (the key's {@code <app>} segment)
 * @param specs        the backups declared in {@code Spec.Pod.Annotation}; empty when none
 * @param instances    {@code Pods[]} in the order deployd lists them
 * @param modRevision  the etcd mod revision of the value this was parsed from; newer wins
 */
public record PodGroup(String procFullName, String app, List<BackupSpec> specs, List<Instance> instances,
                       long modRevision) {

    public PodGroup {
        specs = List.copyOf(specs);
        instances = List.copyOf(instances);
    }

    /** One instance ({@code Pods[].InstanceNo}) and its containers. */
    public record Instance(int instanceNo, List<Container> containers) {
        public Instance {
            containers = List.copyOf(containers);
        }
    }

    /** One container: its id for hooks, the node it runs on (the daemon that backs it up). */
    public record Container(String id, String nodeIp, String nodeName) {
    }
}
