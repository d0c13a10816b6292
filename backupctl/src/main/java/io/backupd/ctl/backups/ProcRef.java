package io.backupd.ctl.backups;

import io.backupd.common.error.BackupException;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ClusterState.App;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.cluster.ClusterState.Proc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One proc as a request names it, resolved against the cluster state: its app, full name and
 * running instances.
 *
 * @param app      the app
 * @param proc     the proc's full name, {@code app.type.name}
 * @param instances its running instances, by number
 */
public record ProcRef(String app, String proc, List<Instance> instances) {
    public ProcRef {
        instances = List.copyOf(instances);
    }

    /**
     * {@code procName} may be the full name ({@code hello.web.web}), {@code type.name}
     * ({@code web.web}) or the short name ({@code web}). NOT_FOUND for an unknown app or proc;
     * INVALID_ARGUMENT when a short name fits two procs.
     */
    public static ProcRef resolve(ClusterState state, String appName, String procName) {
        App app = state.apps().get(appName);
        if (app == null) {
            throw BackupException.notFound("app " + appName + " is not known to the controller");
        }
        Proc proc = app.procs().get(procName);
        if (proc == null) {
            proc = app.procs().get(appName + "." + procName);
        }
        if (proc == null) {
            List<Proc> byShortName = app.procs().values().stream()
                    .filter(p -> p.fullName().endsWith("." + procName)).toList();
            if (byShortName.size() > 1) {
                throw BackupException.invalid("proc '" + procName + "' of app " + appName + " is ambiguous: "
                        + byShortName.stream().map(Proc::fullName).toList() + "; use the full name");
            }
            proc = byShortName.isEmpty() ? null : byShortName.get(0);
        }
        if (proc == null) {
            throw BackupException.notFound("app " + appName + " has no proc '" + procName + "' (it has "
                    + String.join(", ", app.procs().keySet()) + ")");
        }
        return new ProcRef(appName, proc.fullName(), proc.instances());
    }

    /** The nodes that run the proc's instances, in instance order, each once. */
    public List<String> nodes() {
        return new ArrayList<>(new LinkedHashSet<>(instances.stream().map(Instance::nodeIp).toList()));
    }

    public Optional<Instance> instance(int instanceNo) {
        return instances.stream().filter(i -> i.instanceNo() == instanceNo).findFirst();
    }

    /** NOT_FOUND naming the instances there are, when {@code instanceNo} does not run. */
    public Instance requireInstance(int instanceNo) {
        return instance(instanceNo).orElseThrow(() -> BackupException.notFound("proc " + proc + " has no instance " + instanceNo
                + " (running: " + instances.stream().map(i -> Integer.toString(i.instanceNo())).toList() + ")"));
    }
}
