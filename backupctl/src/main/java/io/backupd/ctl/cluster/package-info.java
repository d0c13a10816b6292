/**
 * What the controller knows about the cluster. A {@link io.backupd.ctl.cluster.ConfigSource}
 * produces immutable {@link io.backupd.ctl.cluster.ClusterState} snapshots (apps → procs →
 * instances on nodes, plus backup specs, plus the entries it skipped and why) and tells listeners
 * when the state changes. {@link io.backupd.ctl.cluster.DirectorySource} reads a folder of lain.yaml
 * files; {@code etcd/} holds the etcd source (Lain deployd's pod groups). A bad entry is a problem in the state, never an outage.
 */
package io.backupd.ctl.cluster;
