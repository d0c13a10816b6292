package io.backupd.bench;

import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ClusterState.App;
import io.backupd.ctl.cluster.ClusterState.Container;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.cluster.ClusterState.Proc;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A reproducible cluster the size the issue names: {@code procs} pod groups (10 per app), each
 * with 1–3 instances placed at random over {@code nodes} nodes, one container per instance, and
 * two backed-up volumes per proc (a full backup of {@code /var/lib/mysql} with hooks, an
 * incremental one of {@code /data}).
 */
final class SyntheticCluster {
    static final int PROCS_PER_APP = 10;

    private SyntheticCluster() {
    }

    static ClusterState build(int procs, int nodes, long seed) {
        Random random = new Random(seed);
        List<String> nodeIps = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            nodeIps.add("10.1." + (n / 250) + "." + (n % 250 + 1));
        }
        SortedMap<String, App> apps = new TreeMap<>();
        int appCount = (procs + PROCS_PER_APP - 1) / PROCS_PER_APP;
        int made = 0;
        for (int a = 0; a < appCount; a++) {
            String app = String.format("app%05d", a);
            SortedMap<String, Proc> byName = new TreeMap<>();
            for (int p = 0; p < PROCS_PER_APP && made < procs; p++, made++) {
                String full = app + (p == 0 ? ".web.web" : ".worker.w" + p);
                List<Instance> instances = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int i = 1; i <= count; i++) {
                    String node = nodeIps.get(random.nextInt(nodes));
                    byte[] id = new byte[32];
                    random.nextBytes(id);
                    instances.add(new Instance(i, node, List.of(new Container(HexFormat.of().formatHex(id), node))));
                }
                List<BackupSpec> specs = List.of(
                        new BackupSpec(full, "/var/lib/mysql", "0 23 * * *", "30d", BackupMode.FULL, "backup.sh", "end.sh"),
                        new BackupSpec(full, "/data", "0 * * * *", "3d", BackupMode.INCREMENT, "", ""));
                byName.put(full, new Proc(full, instances, specs));
            }
            apps.put(app, new App(app, "/lain/deployd/pod_groups/" + app, byName));
        }
        return new ClusterState(nodeIps, apps, List.of());
    }
}
