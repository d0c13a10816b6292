package io.backupd.ctl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.common.spec.FullFormat;
import io.backupd.common.spec.LainYamlParser;
import io.backupd.ctl.Fixtures;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.cluster.DirectorySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
    private static final String NODE1 = "10.0.0.1";
    private static final String NODE2 = "10.0.0.2";

    @TempDir
    Path apps;

    private ClusterState hello(List<String> nodes) {
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        try (DirectorySource source = new DirectorySource(apps, nodes, new LainYamlParser(), Duration.ofSeconds(60))) {
            return source.current();
        }
    }

    @Test
    void oneJobPerSpecAndInstanceOnTheInstancesNode() {
        SortedMap<String, List<Job>> plan = new Planner().plan(hello(List.of(NODE1, NODE2)));

        assertThat(plan).containsOnlyKeys(NODE1, NODE2);
        // web: full + increment (+ its weekly check) on its one instance (node 1); worker: full on instance 1 (node 1) and 2 (node 2)
        assertThat(plan.get(NODE1)).extracting(j -> j.arg(JobArgs.PROC) + "#" + j.arg(JobArgs.INSTANCE_NO) + ":" + j.arg(JobArgs.MODE))
                .containsExactly("hello.web.web#1:full", "hello.web.web#1:increment", "hello.web.web#1:null",
                        "hello.worker.worker#1:full", "null#null:null");
        assertThat(plan.get(NODE2)).extracting(j -> j.arg(JobArgs.PROC) + "#" + j.arg(JobArgs.INSTANCE_NO) + ":" + j.arg(JobArgs.MODE))
                .containsExactly("hello.worker.worker#2:full", "null#null:null");
        assertThat(plan.get(NODE1)).allSatisfy(job -> assertThat(job.id()).startsWith("0a000001").hasSize(40));
        assertThat(plan.get(NODE2)).allSatisfy(job -> assertThat(job.id()).startsWith("0a000002"));
    }

    @Test
    void argsSpecAndIdFollowTheDeclaration() {
        List<Job> jobs = new Planner().plan(hello(List.of(NODE1))).get(NODE1).stream()
                .filter(j -> j.action().equals("backup")).toList();
        assertThat(jobs).hasSize(4);

        Job webFull = jobs.get(0);
        assertThat(webFull.spec()).isEqualTo("0 23 * * *");
        assertThat(webFull.action()).isEqualTo("backup");
        assertThat(webFull.type()).isEqualTo(JobType.CRON);
        assertThat(webFull.sleep()).isFalse();
        assertThat(webFull.args()).isEqualTo(Map.of(
                JobArgs.APP, "hello", JobArgs.PROC, "hello.web.web", JobArgs.INSTANCE_NO, "1",
                JobArgs.VOLUME, "/var/lib/hello", JobArgs.MODE, "full", JobArgs.PRE_RUN, "backup.sh",
                JobArgs.POST_RUN, "end-backup.sh", JobArgs.CONTAINERS, "", JobArgs.EXPIRE, "30d"));
        assertThat(webFull.id()).isEqualTo(JobIds.of(NODE1, "0 23 * * *", "backup", webFull.args()));

        Job webIncrement = jobs.get(1);
        assertThat(webIncrement.spec()).isEqualTo("0 * * * *");
        assertThat(webIncrement.args()).containsEntry(JobArgs.EXPIRE, "3d").containsEntry(JobArgs.PRE_RUN, "");

        assertThat(jobs.subList(2, 4)).extracting(j -> j.arg(JobArgs.INSTANCE_NO)).containsExactly("1", "2");
        assertThat(jobs.subList(2, 4)).allSatisfy(j -> {
            assertThat(j.spec()).isEqualTo("*/30 * * * *");
            assertThat(j.arg(JobArgs.VOLUME)).isEqualTo("/data/queue");
            assertThat(j.arg(JobArgs.EXPIRE)).isEqualTo("12h");
        });
        assertThat(jobs).extracting(Job::id).doesNotHaveDuplicates();
    }

    @Test
    void sameStateGivesTheSamePlan() {
        ClusterState state = hello(List.of(NODE1, NODE2));
        assertThat(new Planner().plan(state)).isEqualTo(new Planner().plan(state));
        assertThat(new Planner().plan(hello(List.of(NODE1, NODE2)))).isEqualTo(new Planner().plan(state));
    }

    @Test
    void containersAreJoinedAndEveryNodeGetsAnEntry() {
        ClusterState.Proc proc = new ClusterState.Proc("a.web.web",
                List.of(new ClusterState.Instance(1, NODE2, List.of(new ClusterState.Container("c1", NODE2),
                        new ClusterState.Container("c2", NODE2)))),
                List.of(new io.backupd.common.spec.BackupSpec("a.web.web", "/d", "0 1 * * *", "", io.backupd.common.spec.BackupMode.FULL, "", "")));
        ClusterState state = new ClusterState(List.of(NODE1, NODE2),
                new java.util.TreeMap<>(Map.of("a", new ClusterState.App("a", "a.yaml", new java.util.TreeMap<>(Map.of("a.web.web", proc))))),
                List.of());

        SortedMap<String, List<Job>> plan = new Planner().plan(state);

        assertThat(plan.get(NODE1)).as("no backup jobs, so no expire job either").isEmpty();
        assertThat(plan.get(NODE2)).hasSize(2).first().satisfies(job -> assertThat(job.arg(JobArgs.CONTAINERS)).isEqualTo("c1,c2"));
    }

    @Test
    void aFullBackupInZstdCarriesItsFormatAndTheDefaultKeepsItsFormerId() {
        ClusterState.Instance instance = new ClusterState.Instance(1, NODE1, List.of());
        List<BackupSpec> specs = List.of(
                new BackupSpec("a.web.web", "/zst", "0 1 * * *", "", BackupMode.FULL, "", "", FullFormat.TAR_ZST),
                new BackupSpec("a.web.web", "/gz", "0 1 * * *", "", BackupMode.FULL, "", "", FullFormat.TAR_GZ),
                new BackupSpec("a.web.web", "/default", "0 1 * * *", "", BackupMode.FULL, "", ""));
        ClusterState.Proc proc = new ClusterState.Proc("a.web.web", List.of(instance), specs);

        List<Job> jobs = specs.stream().map(spec -> Planner.backupJob("a", proc, instance, spec)).toList();

        assertThat(jobs).extracting(j -> j.arg(JobArgs.FORMAT)).containsExactly("tar.zst", null, null);
        Map<String, String> formerArgs = Map.of(JobArgs.APP, "a", JobArgs.PROC, "a.web.web", JobArgs.INSTANCE_NO, "1",
                JobArgs.VOLUME, "/default", JobArgs.MODE, "full", JobArgs.PRE_RUN, "", JobArgs.POST_RUN, "",
                JobArgs.CONTAINERS, "", JobArgs.EXPIRE, "");
        assertThat(jobs.get(2).args()).isEqualTo(formerArgs);
        assertThat(jobs.get(2).id()).isEqualTo(JobIds.of(NODE1, "0 1 * * *", "backup", formerArgs));
    }

    @Test
    void anIncrementalVolumeGetsAWeeklyCheckThatReadsTheData() {
        SortedMap<String, List<Job>> plan = new Planner().plan(hello(List.of(NODE1, NODE2)));

        List<Job> checks = plan.values().stream().flatMap(List::stream).filter(j -> j.action().equals("backup_check")).toList();
        assertThat(checks).singleElement().satisfies(job -> {
            assertThat(job.spec()).isEqualTo(Planner.CHECK_SCHEDULE);
            assertThat(job.args()).containsEntry(JobArgs.APP, "hello").containsEntry(JobArgs.PROC, "hello.web.web")
                    .containsEntry(JobArgs.INSTANCE_NO, "1").containsEntry(JobArgs.VOLUME, "/var/lib/hello")
                    .containsEntry("readData", "true");
            assertThat(job.id()).startsWith("0a000001");
        });
    }

    @Test
    void everyNodeWithBackupJobsGetsOneExpireJobWithoutArgs() {
        SortedMap<String, List<Job>> plan = new Planner().plan(hello(List.of(NODE1, NODE2)));

        for (String node : List.of(NODE1, NODE2)) {
            List<Job> expires = plan.get(node).stream().filter(j -> j.action().equals("backup_expire")).toList();
            assertThat(expires).singleElement().satisfies(job -> {
                assertThat(job.spec()).isEqualTo("0 * * * *");
                assertThat(job.args()).isEmpty();
                assertThat(job.type()).isEqualTo(JobType.CRON);
                assertThat(job.id()).isEqualTo(JobIds.of(node, "0 * * * *", "backup_expire", Map.of()));
            });
        }
        assertThat(plan.get(NODE1).get(plan.get(NODE1).size() - 1).action()).isEqualTo("backup_expire");
    }
}
