/**
 * Cluster state from etcd in Lain deployd's format: the pod groups under
 * {@code /lain/deployd/pod_groups/<app>/<app>.<type>.<name>}, each with its backup specs (from the
 * annotation) and its instances' containers.
 *
 * <p>Main flow: {@link io.backupd.ctl.cluster.etcd.EtcdPodGroupWatcher} lists the prefix, builds a
 * {@code PodGroupState} (values parsed by {@code PodGroupParser}; a value that does not parse
 * becomes a problem for its key), watches from the listing's revision + 1 and applies events by
 * mod revision, and hands each change to listeners as an immutable
 * {@link io.backupd.ctl.cluster.etcd.Snapshot}. Compaction, lost connections and a watch that went
 * quiet all end in the same place: a fresh listing and a fresh watch. etcd being unreachable never
 * clears the state. {@link io.backupd.ctl.cluster.etcd.EtcdSource} is the controller's
 * {@link io.backupd.ctl.cluster.ConfigSource} on top: each snapshot becomes a
 * {@link io.backupd.ctl.cluster.ClusterState} (instances on the node of their containers).
 */
package io.backupd.ctl.cluster.etcd;
