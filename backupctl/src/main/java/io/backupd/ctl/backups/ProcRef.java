package io.backupd.ctl.backups;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.ClusterState.App;
import io.backupd.ctl.cluster.ClusterState.Instance;
import io.backupd.ctl.cluster.ClusterState.Proc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One proc as a request names it, resolved against the cluster state: its app, full name, running
 * instances and the volumes it declares with a backup spec.
 *
 * @param app        the app
 * @param proc       the proc's full name, {@code app.type.name}
 * @param instances  its running instances, by number
 * @param backedUp   the volumes it declares with a backup spec ({@code /var/lib/mysql}), each once:
 *                   the only volumes a backup may be restored into
 */
public record ProcRef(String app, String proc, List<Instance> instances, Set<String> backedUp) {
    public ProcRef {
        instances = List.copyOf(instances);
        backedUp = Set.copyOf(backedUp);
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
        return new ProcRef(appName, proc.fullName(), proc.instances(),
                proc.backups().stream().map(BackupSpec::volume).collect(Collectors.toSet()));
    }

    /** The nodes that run the proc's instances, in instance order, each once. */
    public List<String> nodes() {
        return new ArrayList<>(new LinkedHashSet<>(instances.stream().map(Instance::nodeIp).toList()));
    }

    public Optional<Instance> instance(int instanceNo) {
        return instances.stream().filter(i -> i.instanceNo() == instanceNo).findFirst();
    }

    /** INVALID_ARGUMENT naming {@code field} and the instances there are, when {@code instanceNo} does not run. */
    public Instance requireInstance(String field, int instanceNo) {
        return instance(instanceNo).orElseThrow(() -> invalidField(field, "proc " + proc + " has no instance " + instanceNo
                + " (running: " + instances.stream().map(i -> Integer.toString(i.instanceNo())).toList() + ")"));
    }

    /**
     * INVALID_ARGUMENT naming {@code field} when the proc does not declare {@code volume} with a
     * backup spec: a restore never replaces a directory the app did not ask to have backed up
     * (a parent of a volume, a volume without backups, a path such as /etc).
     */
    public String requireBackedUp(String field, String volume) {
        if (!backedUp.contains(volume)) {
            throw invalidField(field, "proc " + proc + " declares no volume " + volume + " with a backup spec (backed up: "
                    + new TreeSet<>(backedUp) + "); nothing was restored");
        }
        return volume;
    }

    static BackupException invalidField(String field, String message) {
        return new BackupException(ErrorCode.INVALID_ARGUMENT, "field '" + field + "': " + message, Map.of("field", field), null);
    }
}
