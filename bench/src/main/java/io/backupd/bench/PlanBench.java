package io.backupd.bench;

import io.backupd.common.api.Job;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.dispatch.JobSet;
import io.backupd.ctl.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Times {@link Planner#plan} on a synthetic cluster (default 10,000 pod groups × 1–3 instances ×
 * 2 backed-up volumes over 200 nodes), and the dispatcher's per-node versioning
 * ({@link JobSet#of}: canonical JSON + SHA-256 of every node's job list) of the plan.
 * Warm-up runs first, then the median of the measured runs. In-process: no I/O is involved.
 *
 * <p>Usage: {@code PlanBench [procs=10000] [nodes=200] [warmup=5] [runs=15] [seed=42]}
 */
public final class PlanBench {
    private PlanBench() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = Args.parse(args);
        int procs = Args.intOf(opts, "procs", 10_000);
        int nodes = Args.intOf(opts, "nodes", 200);
        int warmup = Args.intOf(opts, "warmup", 5);
        int runs = Args.intOf(opts, "runs", 15);
        long seed = Args.intOf(opts, "seed", 42);

        ClusterState state = SyntheticCluster.build(procs, nodes, seed);
        long instances = state.apps().values().stream().flatMap(a -> a.procs().values().stream())
                .mapToLong(p -> p.instances().size()).sum();
        Planner planner = new Planner();
        SortedMap<String, List<Job>> plan = null;
        for (int i = 0; i < warmup; i++) {
            plan = planner.plan(state);
            versions(plan);
        }
        List<Double> planMs = new ArrayList<>();
        List<Double> versionMs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            plan = planner.plan(state);
            long t1 = System.nanoTime();
            versions(plan);
            long t2 = System.nanoTime();
            planMs.add((t1 - t0) / 1e6);
            versionMs.add((t2 - t1) / 1e6);
        }
        long jobs = plan.values().stream().mapToLong(List::size).sum();
        double[] p = Stats.toArray(planMs);
        double[] v = Stats.toArray(versionMs);
        System.out.printf("plan: procs=%d instances=%d nodes=%d jobs=%d runs=%d | Planner.plan median=%s ms min=%s max=%s"
                        + " | JobSet.of all nodes median=%s ms min=%s max=%s | plan+versions median=%s ms | load %s%n",
                procs, instances, nodes, jobs, runs, Stats.f1(Stats.median(p)), Stats.f1(Stats.percentile(p, 0)),
                Stats.f1(Stats.percentile(p, 100)), Stats.f1(Stats.median(v)), Stats.f1(Stats.percentile(v, 0)),
                Stats.f1(Stats.percentile(v, 100)), Stats.f1(Stats.median(sum(p, v))), Stats.loadAverage());
    }

    private static int versions(SortedMap<String, List<Job>> plan) {
        int hash = 0;
        for (List<Job> jobs : plan.values()) {
            hash += JobSet.of(jobs).version().hashCode();
        }
        return hash;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
